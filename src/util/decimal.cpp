#include "util/decimal.hpp"

#include <algorithm>

namespace morapi {
namespace {

// Adds one to the last digit of a digit string, carrying; grows it by a digit on overflow.
void increment_in_place(std::string& digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return;
    }
    digits[i] = '0';
  }
  digits.insert(digits.begin(), '1');
}

}  // namespace

bool digits_only(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_plain_decimal(std::string_view text, int max_integer_digits, int max_decimals) {
  const size_t point = text.find('.');
  const std::string_view integer = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (integer.empty() && fraction.empty()) return false;
  return digits_only(integer) && digits_only(fraction) &&
         integer.size() <= static_cast<size_t>(max_integer_digits) &&
         fraction.size() <= static_cast<size_t>(max_decimals);
}

bool is_positive_decimal(std::string_view text) {
  return is_plain_decimal(text) && text.find_first_of("123456789") != std::string_view::npos;
}

std::string format_money(std::string_view decimal, int digits) {
  bool negative = !decimal.empty() && decimal.front() == '-';
  if (negative || (!decimal.empty() && decimal.front() == '+')) decimal.remove_prefix(1);
  const size_t point = decimal.find('.');
  std::string integer(decimal.substr(0, point));
  std::string fraction(point == std::string_view::npos ? "" : decimal.substr(point + 1));
  if (integer.empty()) integer = "0";
  const bool round_up =
      fraction.size() > static_cast<size_t>(digits) && fraction[static_cast<size_t>(digits)] >= '5';
  fraction.resize(static_cast<size_t>(digits), '0');
  std::string all = integer + fraction;  // the value times 10^digits
  if (round_up) increment_in_place(all);
  std::string out = all.substr(0, all.size() - static_cast<size_t>(digits));
  const size_t first = out.find_first_not_of('0');
  out = first == std::string::npos ? "0" : out.substr(first);
  if (digits > 0) out += "." + all.substr(all.size() - static_cast<size_t>(digits));
  if (negative && all.find_first_not_of('0') != std::string::npos) out = "-" + out;
  return out;
}

std::string next_number(std::string_view digits) {
  std::string next(digits);
  increment_in_place(next);
  return next.size() == digits.size() ? next : "";
}

}  // namespace morapi
