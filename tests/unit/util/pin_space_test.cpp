#include "util/pin_space.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>

using morapi::pin_space_allows;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

}  // namespace

BOOST_AUTO_TEST_SUITE(pin_space)

// 20% of 10^L is 2 * 10^(L-1): exactly that many PINs in use are allowed, one more is not.
BOOST_AUTO_TEST_CASE(exactly_a_fifth) {
  BOOST_TEST(pin_space_allows(0, 2, 1));
  BOOST_TEST(!pin_space_allows(0, 3, 1));
  BOOST_TEST(pin_space_allows(1, 1, 1));
  BOOST_TEST(!pin_space_allows(2, 1, 1));
  BOOST_TEST(pin_space_allows(3, 17, 2));
  BOOST_TEST(!pin_space_allows(3, 18, 2));
  BOOST_TEST(pin_space_allows(150, 50, 3));
  BOOST_TEST(!pin_space_allows(150, 51, 3));
  BOOST_TEST(pin_space_allows(19999989, 11, 8));
  BOOST_TEST(!pin_space_allows(19999990, 11, 8));
  // More in use than the fifth already: nothing more, without wrapping around.
  BOOST_TEST(!pin_space_allows(21, 1, 2));
  BOOST_TEST(!pin_space_allows(kMax, 1, 2));
}

// Up to 19 digits the fifth (2 * 10^18) still fits in 64 bits: the boundary is exact there too.
BOOST_AUTO_TEST_CASE(largest_counted_lengths) {
  const int64_t fifth_of_18 = 200000000000000000;
  BOOST_TEST(pin_space_allows(fifth_of_18 - 5, 5, 18));
  BOOST_TEST(!pin_space_allows(fifth_of_18 - 5, 6, 18));
  const int64_t fifth_of_19 = 2000000000000000000;
  BOOST_TEST(pin_space_allows(fifth_of_19 - 1000, 1000, 19));
  BOOST_TEST(!pin_space_allows(fifth_of_19 - 1000, 1001, 19));
  BOOST_TEST(!pin_space_allows(fifth_of_19, 1, 19));
  BOOST_TEST(!pin_space_allows(kMax, kMax, 19));
}

// From 20 digits on, the fifth (2 * 10^19 and more) exceeds any sum of two 64-bit counts: always
// allowed, with no overflow, up to 30 digits and past them.
BOOST_AUTO_TEST_CASE(long_lengths_never_overflow) {
  for (int length = 20; length <= 40; ++length) {
    BOOST_TEST(pin_space_allows(kMax, kMax, length), "pin_length " << length);
    BOOST_TEST(pin_space_allows(0, 1000000, length), "pin_length " << length);
  }
  BOOST_TEST(pin_space_allows(kMax, kMax, 1000));
}

// No PIN digits: a fifth of the one empty PIN holds no card.
BOOST_AUTO_TEST_CASE(no_digits) {
  BOOST_TEST(!pin_space_allows(0, 1, 0));
  BOOST_TEST(!pin_space_allows(0, 1, -1));
}

BOOST_AUTO_TEST_SUITE_END()
