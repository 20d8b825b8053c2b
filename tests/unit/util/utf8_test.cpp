#include "util/utf8.hpp"

#include <boost/test/unit_test.hpp>

using morapi::sanitize_utf8;

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(valid_text_is_unchanged) {
  const std::string text = "Vilnius \xC4\x85\xC4\x8D \xE2\x82\xAC \xF0\x9F\x98\x80 tab\tnl\n";
  BOOST_TEST(sanitize_utf8(text) == text);
}

BOOST_AUTO_TEST_CASE(invalid_bytes_become_replacement_characters) {
  BOOST_TEST(sanitize_utf8("a\xFF"
                           "b") ==
             "a\xEF\xBF\xBD"
             "b");
  BOOST_TEST(sanitize_utf8("\xC3") == "\xEF\xBF\xBD");                                  // truncated
  BOOST_TEST(sanitize_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong
  BOOST_TEST(sanitize_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  BOOST_TEST(sanitize_utf8("\xF4\x90\x80\x80") ==
             "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // above U+10FFFF
}

BOOST_AUTO_TEST_CASE(nul_is_dropped_and_controls_replaced) {
  BOOST_TEST(sanitize_utf8(std::string("a\0b", 3)) == "ab");
  BOOST_TEST(sanitize_utf8("a\x01"
                           "b") ==
             "a\xEF\xBF\xBD"
             "b");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(utf8_xml)

BOOST_AUTO_TEST_CASE(noncharacters_xml_forbids_are_replaced) {
  BOOST_TEST(sanitize_utf8("77\xEF\xBF\xBE") == "77\xEF\xBF\xBD");
  BOOST_TEST(sanitize_utf8("\xEF\xBF\xBFx") == "\xEF\xBF\xBDx");
  BOOST_TEST(sanitize_utf8("\xEF\xBF\xBD") == "\xEF\xBF\xBD");  // U+FFFD itself stays
  BOOST_TEST(sanitize_utf8("\xEF\xBF\xBC") == "\xEF\xBF\xBC");  // U+FFFC is allowed
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(utf8_length_counts_characters)

BOOST_AUTO_TEST_CASE(characters_not_bytes) {
  BOOST_TEST(morapi::utf8_length("") == 0u);
  BOOST_TEST(morapi::utf8_length("abc") == 3u);
  BOOST_TEST(morapi::utf8_length("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == 3u);  // é € 😀
  BOOST_TEST(morapi::utf8_length(sanitize_utf8("\xFF\xFE")) == 2u);
  BOOST_TEST(morapi::utf8_length("\x80\x80") == 0u);  // stray continuation bytes
}

BOOST_AUTO_TEST_SUITE_END()
