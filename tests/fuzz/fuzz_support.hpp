#pragma once
// Shared by the fuzz targets: an invariant check that stops the fuzzer with a message, and a
// UTF-8 check written independently of src/util/utf8.cpp so one cannot hide the other's bug.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace morapi::fuzz {

// Prints which invariant failed and traps, so libFuzzer keeps the input as a crash file.
[[noreturn]] inline void invariant_failed(const char* what, std::string_view detail) {
  std::fprintf(stderr, "INVARIANT FAILED: %s\n  detail (%zu bytes): ", what, detail.size());
  for (const unsigned char c : detail) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      std::fputc(c, stderr);
    } else {
      std::fprintf(stderr, "\\x%02X", c);
    }
  }
  std::fputc('\n', stderr);
  __builtin_trap();
}

inline void require(bool condition, const char* what, std::string_view detail = "") {
  if (!condition) invariant_failed(what, detail);
}

// True when `text` is well-formed UTF-8 (RFC 3629) holding only characters XML 1.0 allows
// (tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF).
inline bool is_xml_safe_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    char32_t code = 0;
    if (lead < 0x80) {
      length = 1, code = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2, code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, code = lead & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = code << 6 | (next & 0x3F);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length]) return false;  // overlong
    const bool allowed = code == 0x9 || code == 0xA || code == 0xD ||
                         (code >= 0x20 && code <= 0xD7FF) || (code >= 0xE000 && code <= 0xFFFD) ||
                         (code >= 0x10000 && code <= 0x10FFFF);
    if (!allowed) return false;
    i += length;
  }
  return true;
}

}  // namespace morapi::fuzz
