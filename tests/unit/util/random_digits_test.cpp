#include "util/random_digits.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <set>

using morapi::RandomDigits;

namespace {

bool only_digits(const std::string& text) {
  return text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(random_digits)

BOOST_AUTO_TEST_CASE(lengths_are_exact) {
  RandomDigits random;
  BOOST_TEST(random.next(0) == "");
  for (size_t length = 1; length <= 64; ++length) {
    const std::string digits = random.next(length);
    BOOST_TEST(digits.size() == length);
    BOOST_TEST(only_digits(digits), digits);
  }
  // Longer than the internal buffer of random bytes.
  const std::string long_digits = random.next(10000);
  BOOST_TEST(long_digits.size() == 10000u);
  BOOST_TEST(only_digits(long_digits));
}

BOOST_AUTO_TEST_CASE(draws_differ) {
  RandomDigits first;
  RandomDigits second;
  // 10^-32 odds of a false failure for each comparison.
  BOOST_TEST(first.next(32) != first.next(32));
  BOOST_TEST(first.next(32) != second.next(32));
  // 10,000 8-digit PINs out of 10^8: a few repeats at most (expected 0.5).
  std::set<std::string> pins;
  for (int i = 0; i < 10000; ++i) pins.insert(first.next(8));
  BOOST_TEST(pins.size() >= 9990u);
}

BOOST_AUTO_TEST_CASE(digits_are_roughly_uniform) {
  RandomDigits random;
  constexpr int kDigits = 100000;
  std::array<int, 10> counts{};
  // In pieces of several sizes, so that buffer refills fall anywhere in a draw.
  int drawn = 0;
  for (size_t piece = 1; drawn < kDigits; piece = piece % 13 + 1) {
    const std::string digits = random.next(std::min<size_t>(piece, kDigits - drawn));
    for (const char digit : digits) {
      BOOST_REQUIRE(digit >= '0' && digit <= '9');
      ++counts[static_cast<size_t>(digit - '0')];
    }
    drawn += static_cast<int>(digits.size());
  }
  // Each digit 10% +- 1% (about ten standard deviations).
  for (int digit = 0; digit < 10; ++digit) {
    BOOST_TEST(counts[digit] >= 9000, "digit " << digit << ": " << counts[digit]);
    BOOST_TEST(counts[digit] <= 11000, "digit " << digit << ": " << counts[digit]);
  }
  // Pairs of neighbours too: 100 pairs at 1% each, +- 0.25% (about ten standard deviations).
  const std::string pairs = random.next(2 * kDigits);
  std::array<int, 100> pair_counts{};
  for (size_t i = 0; i < pairs.size(); i += 2) {
    ++pair_counts[static_cast<size_t>((pairs[i] - '0') * 10 + (pairs[i + 1] - '0'))];
  }
  for (int pair = 0; pair < 100; ++pair) {
    BOOST_TEST(pair_counts[pair] >= 750, "pair " << pair << ": " << pair_counts[pair]);
    BOOST_TEST(pair_counts[pair] <= 1250, "pair " << pair << ": " << pair_counts[pair]);
  }
}

BOOST_AUTO_TEST_SUITE_END()
