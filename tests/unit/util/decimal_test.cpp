#include "util/decimal.hpp"

#include <boost/test/unit_test.hpp>

using morapi::format_money;
using morapi::is_plain_decimal;
using morapi::is_positive_decimal;
using morapi::next_number;

BOOST_AUTO_TEST_SUITE(decimal)

BOOST_AUTO_TEST_CASE(plain_decimals_accepted) {
  for (const std::string text :
       {"5", "5.", ".5", "0.25", "0", "0.000", "00", "007.50", "123456789012345",
        "1.123456789012345", "999999999999999.999999999999999"}) {
    BOOST_TEST(is_plain_decimal(text), "'" << text << "'");
  }
}

BOOST_AUTO_TEST_CASE(plain_decimals_refused) {
  for (const std::string text :
       {"", ".", "-1", "+1", "-0", "1e5", "1E5", " 1", "1 ", "1,5", "1.2.3", "..5", "abc", "0x10",
        "1.1234567890123456", "1234567890123456", "1234567890123456.5", "\xEF\xBC\x91"}) {
    BOOST_TEST(!is_plain_decimal(text), "'" << text << "'");
  }
  BOOST_TEST(!is_plain_decimal(std::string("1\0", 2)));
}

BOOST_AUTO_TEST_CASE(plain_decimal_limits_are_parameters) {
  BOOST_TEST(is_plain_decimal("123.45", 3, 2));
  BOOST_TEST(!is_plain_decimal("1234.5", 3, 2));
  BOOST_TEST(!is_plain_decimal("1.234", 3, 2));
  BOOST_TEST(is_plain_decimal("12", 2, 0));
  BOOST_TEST(is_plain_decimal("12.", 2, 0));
  BOOST_TEST(!is_plain_decimal("12.5", 2, 0));
}

BOOST_AUTO_TEST_CASE(positive_decimals) {
  for (const std::string text : {"5", "5.", ".5", "0.25", "0.000000000000001", "10", "0010.00"}) {
    BOOST_TEST(is_positive_decimal(text), "'" << text << "'");
  }
  for (const std::string text : {"0", "0.000", ".0", "0.", "00", "", ".", "-1", "-0.5", "1e5", " 1",
                                 "0.0000000000000001", "1234567890123456"}) {
    BOOST_TEST(!is_positive_decimal(text), "'" << text << "'");
  }
}

BOOST_AUTO_TEST_CASE(money_rounds_half_away_from_zero) {
  BOOST_TEST(format_money("2.005", 2) == "2.01");
  BOOST_TEST(format_money("2.004999", 2) == "2.00");
  BOOST_TEST(format_money("2.0050", 2) == "2.01");
  BOOST_TEST(format_money("12.345000", 2) == "12.35");
  BOOST_TEST(format_money("-12.345000", 2) == "-12.35");
  BOOST_TEST(format_money("-12.344999", 2) == "-12.34");
  BOOST_TEST(format_money("0.125", 2) == "0.13");
  BOOST_TEST(format_money("1.23456789", 4) == "1.2346");
}

BOOST_AUTO_TEST_CASE(money_carries) {
  BOOST_TEST(format_money("9.995", 2) == "10.00");
  BOOST_TEST(format_money("99.995", 2) == "100.00");
  BOOST_TEST(format_money("0.995", 2) == "1.00");
  BOOST_TEST(format_money("-9.995", 2) == "-10.00");
  BOOST_TEST(format_money("1.0995", 3) == "1.100");
  BOOST_TEST(format_money("999999999999999.999999999999999", 2) == "1000000000000000.00");
}

BOOST_AUTO_TEST_CASE(money_pads_and_trims) {
  BOOST_TEST(format_money("7", 2) == "7.00");
  BOOST_TEST(format_money("7.", 2) == "7.00");
  BOOST_TEST(format_money(".5", 2) == "0.50");
  BOOST_TEST(format_money("1.5", 4) == "1.5000");
  BOOST_TEST(format_money("-3", 3) == "-3.000");
  BOOST_TEST(format_money("0012.30", 2) == "12.30");
  BOOST_TEST(format_money("0", 2) == "0.00");
  BOOST_TEST(format_money("0.000000000000000", 2) == "0.00");
  BOOST_TEST(format_money("+1.005", 2) == "1.01");
  BOOST_TEST(format_money("1234567890123.456789012345678", 2) == "1234567890123.46");
}

BOOST_AUTO_TEST_CASE(money_with_no_decimals) {
  BOOST_TEST(format_money("12.5", 0) == "13");
  BOOST_TEST(format_money("12.4", 0) == "12");
  BOOST_TEST(format_money("0.5", 0) == "1");
  BOOST_TEST(format_money("0.4", 0) == "0");
  BOOST_TEST(format_money("-0.5", 0) == "-1");
  BOOST_TEST(format_money("99.5", 0) == "100");
  BOOST_TEST(format_money("7", 0) == "7");
}

BOOST_AUTO_TEST_CASE(negative_zero_is_zero) {
  BOOST_TEST(format_money("-0.004", 2) == "0.00");
  BOOST_TEST(format_money("-0.000", 2) == "0.00");
  BOOST_TEST(format_money("-0", 2) == "0.00");
  BOOST_TEST(format_money("-0.4", 0) == "0");
  BOOST_TEST(format_money("-0.005", 2) == "-0.01");
}

BOOST_AUTO_TEST_CASE(next_numbers) {
  BOOST_TEST(next_number("0") == "1");
  BOOST_TEST(next_number("8") == "9");
  BOOST_TEST(next_number("1000000035") == "1000000036");
  BOOST_TEST(next_number("1000009999") == "1000010000");
  BOOST_TEST(next_number("0999") == "1000");
  BOOST_TEST(next_number("0000000000") == "0000000001");
  BOOST_TEST(next_number("0000000009") == "0000000010");
  BOOST_TEST(next_number("1999999999999999999999999") == "2000000000000000000000000");
}

BOOST_AUTO_TEST_CASE(no_next_number_past_the_width) {
  BOOST_TEST(next_number("9") == "");
  BOOST_TEST(next_number("999") == "");
  BOOST_TEST(next_number("9999999999") == "");
  BOOST_TEST(next_number("") == "");
}

BOOST_AUTO_TEST_SUITE_END()
