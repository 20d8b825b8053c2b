#pragma once
#include <string>
#include <string_view>

namespace morapi {

// Makes text safe to store and to write into XML: invalid UTF-8 sequences become U+FFFD, NUL
// bytes are dropped, and the other C0 controls that XML 1.0 forbids (all but tab, LF, CR) become
// U+FFFD too, as do U+FFFE and U+FFFF, so no value can produce a document a client cannot
// parse.
std::string sanitize_utf8(std::string_view in);

// Length of the valid UTF-8 sequence starting at text[at], or 0 when none starts there (overlong
// forms, surrogates and code points above U+10FFFF are invalid, as RFC 3629 says).
size_t utf8_sequence_length(std::string_view text, size_t at);
// The code point of the valid sequence of `length` bytes at text[at] (see utf8_sequence_length).
char32_t utf8_code_point(std::string_view text, size_t at, size_t length);

// Characters of a UTF-8 text: the bytes that start a sequence (each stray continuation byte of
// invalid text counts as none, so this never exceeds the number of code points it would hold).
size_t utf8_length(std::string_view text);

// True when the text holds nothing but white space (Unicode White_Space: ASCII spaces and
// controls \t\n\v\f\r, NEL, NBSP, the Unicode spaces and separators), as Ruby's `blank?`.
bool is_blank(std::string_view text);

}  // namespace morapi
