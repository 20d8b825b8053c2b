#include "util/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "unit/util/stderr_capture.hpp"

namespace logging = morapi::log;

namespace {

// What log::write puts on stderr for `message`.
std::string written(std::string_view message) {
  return morapi::testing::captured_stderr([&] { logging::warn(message); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_filter)

BOOST_AUTO_TEST_CASE(controls_and_invalid_bytes_become_question_marks) {
  BOOST_TEST(logging::clean("a\nb\rc\td\x01"
                            "e\x1b[31mf\x7fg") == "a?b?c?d?e?[31mf?g");
  BOOST_TEST(logging::clean(std::string("nul\0end", 7)) == "nul?end");
  // C1 controls (NEL, CSI) and the Unicode line and paragraph separators.
  BOOST_TEST(logging::clean("x\xC2\x85y\xC2\x9Bz\xE2\x80\xA8w\xE2\x80\xA9v") == "x?y?z?w?v");
  // Invisible format characters that reorder or hide text: RLM, RLO, LRI, PDI, ZWSP, BOM, ALM.
  BOOST_TEST(logging::clean("a\xE2\x80\x8F"
                            "b\xE2\x80\xAE"
                            "c\xE2\x81\xA6"
                            "d\xE2\x81\xA9"
                            "e\xE2\x80\x8B"
                            "f\xEF\xBB\xBF"
                            "g\xD8\x9C"
                            "h") == "a?b?c?d?e?f?g?h");
  // Bytes that are not UTF-8, among them raw C1 bytes.
  BOOST_TEST(logging::clean("\x85\x9b\xff\xC3") == "????");
  // Printable text, spaces and other UTF-8 stay.
  const std::string text = "Vilnius \xC4\x85 \xE2\x82\xAC \xF0\x9F\x98\x80 \xC2\xA0";
  BOOST_TEST(logging::clean(text) == text);
}

BOOST_AUTO_TEST_CASE(request_line_fields) {
  BOOST_TEST(logging::field("") == "-");
  BOOST_TEST(logging::field("u ser\n") == "u?ser?");
  BOOST_TEST(logging::field(std::string(100, 'a')) == std::string(64, 'a'));
  // A UTF-8 character cut at the 64-byte limit is not passed on half.
  BOOST_TEST(logging::field(std::string(63, 'a') + "\xC4\x85") == std::string(63, 'a') + "?");
}

BOOST_AUTO_TEST_CASE(a_message_is_one_line) {
  const std::string line = written("detail: one\nforged line\r\x1b[2Kthree");
  BOOST_TEST(line.ends_with(" warn detail: one?forged line??[2Kthree\n"));
  BOOST_TEST(line.find('\n') == line.size() - 1);
  BOOST_TEST(line.find('\r') == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
