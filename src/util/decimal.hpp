#pragma once
#include <string>
#include <string_view>

namespace morapi {

// Only the digits 0-9 (the empty string too).
bool digits_only(std::string_view text);

// A plain non-negative decimal as clients send money: digits, an optional point, at most
// `max_decimals` decimals and `max_integer_digits` integer digits; no sign, no exponent, no
// spaces ("5", "5.", ".5", "0.25").
bool is_plain_decimal(std::string_view text, int max_integer_digits = 15, int max_decimals = 15);
// True when a plain decimal (as above) is greater than zero.
bool is_positive_decimal(std::string_view text);

// A decimal as MySQL prints it ("-12.345000") rounded half away from zero to `digits` decimals,
// always with exactly that many: ("2.005", 2) -> "2.01", ("7", 2) -> "7.00", ("-0.004", 2) ->
// "0.00".
std::string format_money(std::string_view decimal, int digits);

// The next number of the same width: "0999" -> "1000". "999" has no next: returns "".
std::string next_number(std::string_view digits);

}  // namespace morapi
