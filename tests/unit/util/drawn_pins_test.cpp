#include "util/drawn_pins.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

using morapi::DrawnPins;

BOOST_AUTO_TEST_SUITE(drawn_pins)

BOOST_AUTO_TEST_CASE(a_pin_is_new_once) {
  DrawnPins drawn(3);
  BOOST_TEST(drawn.first_time("00000000"));
  BOOST_TEST(drawn.first_time("12345678"));
  BOOST_TEST(!drawn.first_time("00000000"));
  BOOST_TEST(!drawn.first_time("12345678"));
  BOOST_TEST(drawn.first_time("99999999"));
  BOOST_TEST(drawn.first_time("9999999999999999999"));  // 19 digits: the largest remembered
  BOOST_TEST(!drawn.first_time("9999999999999999999"));
}

// Longer PINs, and PINs past the room, are not remembered: always new (the database decides).
BOOST_AUTO_TEST_CASE(what_is_not_remembered_is_always_new) {
  DrawnPins drawn(0);
  BOOST_TEST(drawn.first_time("12345678901234567890"));
  BOOST_TEST(drawn.first_time("12345678901234567890"));
  int remembered = 0;
  for (int i = 0; i < 100; ++i) remembered += drawn.first_time(std::to_string(1000 + i)) ? 1 : 0;
  BOOST_TEST(remembered == 100);
  int again = 0;
  for (int i = 0; i < 100; ++i) again += drawn.first_time(std::to_string(1000 + i)) ? 0 : 1;
  BOOST_TEST(again == 8);  // a table of 16 slots holds 8 (half full)
}

BOOST_AUTO_TEST_CASE(a_million_distinct_pins_are_all_new) {
  DrawnPins drawn(1'000'000);
  int64_t fresh = 0;
  for (int64_t i = 0; i < 1'000'000; ++i) fresh += drawn.first_time(std::to_string(i * 97)) ? 1 : 0;
  BOOST_TEST(fresh == 1'000'000);
  BOOST_TEST(!drawn.first_time(std::to_string(999'999 * 97)));
}

BOOST_AUTO_TEST_SUITE_END()
