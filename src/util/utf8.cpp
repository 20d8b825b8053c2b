#include "util/utf8.hpp"

namespace morapi {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one (overlong forms,
// surrogates and code points above U+10FFFF are invalid, as RFC 3629 says).
size_t valid_sequence_length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char b0 = byte(0);
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

size_t utf8_sequence_length(std::string_view text, size_t at) {
  return valid_sequence_length(text, at);
}

std::string sanitize_utf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0) {
      ++i;
      continue;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += kReplacement;
      ++i;
      continue;
    }
    const size_t len = valid_sequence_length(in, i);
    // U+FFFE and U+FFFF are valid UTF-8 but not characters XML 1.0 allows.
    const bool xml_noncharacter = len == 3 && c == 0xEF &&
                                  static_cast<unsigned char>(in[i + 1]) == 0xBF &&
                                  static_cast<unsigned char>(in[i + 2]) >= 0xBE;
    if (xml_noncharacter) {
      out += kReplacement;
      i += 3;
    } else if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(in.substr(i, len));
      i += len;
    }
  }
  return out;
}

size_t utf8_length(std::string_view text) {
  size_t characters = 0;
  for (const char c : text) characters += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return characters;
}

bool is_blank(std::string_view text) {
  static constexpr std::string_view kWide[] = {"\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80",
                                               "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF",
                                               "\xE2\x81\x9F", "\xE3\x80\x80"};
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      ++i;
      continue;
    }
    const std::string_view rest = text.substr(i);
    // U+2000..U+200A, the typographic spaces.
    if (rest.size() >= 3 && rest[0] == '\xE2' && rest[1] == '\x80' &&
        static_cast<unsigned char>(rest[2]) <= 0x8A) {
      i += 3;
      continue;
    }
    bool wide = false;
    for (const std::string_view space : kWide) {
      if (rest.starts_with(space)) {
        i += space.size();
        wide = true;
        break;
      }
    }
    if (!wide) return false;
  }
  return true;
}

}  // namespace morapi
