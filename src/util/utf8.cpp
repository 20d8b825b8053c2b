#include "util/utf8.hpp"

namespace morapi {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Unicode White_Space (Ruby's [[:space:]]), the characters `blank?` skips.
bool is_white_space(char32_t c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

}  // namespace

size_t utf8_sequence_length(std::string_view s, size_t i) {
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

char32_t utf8_code_point(std::string_view text, size_t at, size_t length) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[at + k]); };
  if (length == 1) return byte(0);
  static constexpr unsigned char kLeadBits[] = {0, 0, 0x1F, 0x0F, 0x07};
  char32_t code = byte(0) & kLeadBits[length];
  for (size_t k = 1; k < length; ++k) code = code << 6 | (byte(k) & 0x3Fu);
  return code;
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
    const size_t len = utf8_sequence_length(in, i);
    // U+FFFE and U+FFFF are valid UTF-8 but not characters XML 1.0 allows.
    const bool xml_noncharacter = len == 3 && utf8_code_point(in, i, len) >= 0xFFFE;
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
  for (size_t i = 0; i < text.size();) {
    const size_t length = utf8_sequence_length(text, i);
    if (length == 0 || !is_white_space(utf8_code_point(text, i, length))) return false;
    i += length;
  }
  return true;
}

}  // namespace morapi
