// The decimal parsers (src/util/decimal.cpp): amounts (cc_by_cli, calling_cards_create) are
// admitted by is_positive_decimal and printed by format_money. Invariants: an accepted amount
// is a plain positive decimal by an independent check (digits, at most one point, digits, some
// digit not 0); formatting it gives a plain decimal with exactly the decimals asked for, and
// formatting that again is stable; next_number keeps the width and adds one.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>

#include "fuzz_support.hpp"
#include "util/decimal.hpp"

namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// digits [. digits], at least one digit in all, and a non-zero digit somewhere.
bool reference_positive(std::string_view s) {
  const size_t point = s.find('.');
  const std::string_view integer = s.substr(0, point);
  const std::string_view fraction = point == s.npos ? std::string_view() : s.substr(point + 1);
  if (!all_digits(integer) || !all_digits(fraction)) return false;
  if (integer.size() > 15 || fraction.size() > 15) return false;
  return s.find_first_of("123456789") != s.npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace morapi;
  FuzzedDataProvider provider(data, size);
  const int digits = provider.ConsumeIntegralInRange<int>(0, 6);
  const std::string text = provider.ConsumeRemainingBytesAsString();

  const bool accepted = is_positive_decimal(text);
  fuzz::require(accepted == reference_positive(text), "is_positive_decimal matches reference",
                text);
  if (accepted) {
    fuzz::require(is_plain_decimal(text), "a positive decimal is a plain decimal", text);
    const std::string money = format_money(text, digits);
    const size_t point = money.find('.');
    fuzz::require(is_plain_decimal(money, 17, digits), "format_money prints a plain decimal",
                  text + " -> " + money);
    fuzz::require(digits == 0 ? point == money.npos : money.size() - point - 1 == size_t(digits),
                  "format_money prints exactly the decimals asked for", text + " -> " + money);
    fuzz::require(format_money(money, digits) == money, "format_money is stable",
                  text + " -> " + money);
    fuzz::require(is_positive_decimal(text) == accepted, "re-parsing is stable", text);
  }
  (void)format_money(text, digits);  // any text: must not crash
  if (!text.empty() && all_digits(text)) {
    const std::string next = next_number(text);
    const bool all_nines = text.find_first_not_of('9') == text.npos;
    fuzz::require(next.empty() == all_nines, "next_number has no next only after 9...9", text);
    if (!next.empty()) {
      fuzz::require(next.size() == text.size() && all_digits(next) && next > text,
                    "next_number keeps the width and grows", text + " -> " + next);
    }
  }
  return 0;
}
