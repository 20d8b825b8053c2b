// The UTF-8 sanitiser (src/util/utf8.cpp), which every stored value and every XML text goes
// through. Invariants: the output is always XML-safe UTF-8; an input that already is comes back
// unchanged; sanitising twice changes nothing; utf8_length never exceeds the byte count.
#include <cstdint>

#include "fuzz_support.hpp"
#include "util/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace morapi;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string output = sanitize_utf8(input);
  fuzz::require(fuzz::is_xml_safe_utf8(output), "sanitize_utf8 output is XML-safe UTF-8", input);
  fuzz::require(output.find('\0') == std::string::npos, "sanitize_utf8 drops NUL", input);
  if (fuzz::is_xml_safe_utf8(input)) {
    fuzz::require(output == input, "sanitize_utf8 leaves valid text unchanged", input);
  }
  fuzz::require(sanitize_utf8(output) == output, "sanitize_utf8 is idempotent", input);
  fuzz::require(utf8_length(input) <= input.size(), "utf8_length <= bytes", input);
  // Every sequence utf8_sequence_length accepts decodes to a code point of that length.
  for (size_t i = 0; i < input.size();) {
    const size_t length = utf8_sequence_length(input, i);
    if (length == 0) {
      ++i;
      continue;
    }
    fuzz::require(i + length <= input.size(), "a sequence stays inside the text", input);
    const char32_t code = utf8_code_point(input, i, length);
    fuzz::require(code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF),
                  "utf8_code_point is a scalar value", input.substr(i, length));
    i += length;
  }
  (void)is_blank(input);
  return 0;
}
