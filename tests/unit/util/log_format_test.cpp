// The log's formats for journald and shippers (issue 12): plain, json, syslog priorities, and
// repeated lines counted across processes.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "unit/util/stderr_capture.hpp"
#include "util/log.hpp"

namespace logging = morapi::log;

namespace {

// What `write` puts on stderr; `journal`: $JOURNAL_STREAM names that file, as systemd sets it.
std::string captured(const std::function<void()>& write, bool journal = false) {
  const std::string text = morapi::testing::captured_stderr(
      [&] {
        logging::detect_journal();
        write();
      },
      [&](int file) {
        struct stat info {};
        fstat(file, &info);
        const std::string stream = std::to_string(info.st_dev) + ":" + std::to_string(info.st_ino);
        if (journal) setenv("JOURNAL_STREAM", stream.c_str(), 1);
      });
  unsetenv("JOURNAL_STREAM");
  logging::detect_journal();
  return text;
}

logging::RequestLine a_request() {
  logging::RequestLine line;
  line.http_method = "GET";
  line.method = "did_create";
  line.status = 200;
  line.duration_ms = 1.5;
  line.caller = "ad\"min";
  line.client = "127.0.0.1";
  line.request_id = "0123456789abcdef0123456789abcdef";
  return line;
}

// Returns just after the clock turned to a new second, so what follows shares one second.
void wait_for_a_new_second() {
  const std::time_t start = std::time(nullptr);
  while (std::time(nullptr) == start) usleep(1000);
}

const std::string kStart = R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[\d+\] )";
const std::string kJsonStart = R"(\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","level":")";

}  // namespace

BOOST_AUTO_TEST_SUITE(log_format)

BOOST_AUTO_TEST_CASE(plain_request_lines_keep_their_shape) {
  const auto text = captured([] { logging::request(a_request()); });
  BOOST_TEST(std::regex_match(text, std::regex(kStart + "info GET did_create 200 1.50ms "
                                                        "u=ad\"min 127.0.0.1\n")),
             text);
}

BOOST_AUTO_TEST_CASE(json_lines_are_one_object_each) {
  logging::set_format(logging::Format::json);
  const auto text = captured([] {
    logging::request(a_request());
    logging::warn("a \"quoted\" back\\slash\nand a new line");
  });
  logging::set_format(logging::Format::plain);
  BOOST_TEST(
      std::regex_match(text, std::regex(kJsonStart +
                                        R"(info","pid":\d+,"http_method":"GET",)"
                                        R"("method":"did_create","status":200,)"
                                        R"("duration_ms":1.50,"caller":"ad\\"min",)"
                                        R"("client":"127.0.0.1",)"
                                        R"("request_id":"0123456789abcdef0123456789abcdef"\})"
                                        "\n" +
                                        kJsonStart +
                                        R"(warn","pid":\d+,"message":"a \\"quoted\\" back\\\\slash)"
                                        R"(\?and a new line"\})"
                                        "\n")),
      text);
  logging::Format format;
  BOOST_TEST(logging::parse_format("json", format));
  BOOST_TEST(!logging::parse_format("JSON", format));
}

BOOST_AUTO_TEST_CASE(under_journald_each_line_starts_with_its_priority) {
  const auto text = captured(
      [] {
        logging::info("i");
        logging::warn("w");
        logging::error("e");
        logging::fail("f");
      },
      true);
  BOOST_TEST(
      std::regex_match(text, std::regex("<6>" + kStart + "info i\n<4>" + kStart + "warn w\n<3>" +
                                        kStart + "error e\n<2>" + kStart + "fail f\n")),
      text);
  // Another stream (a terminal, a file) gets no prefix.
  BOOST_TEST(captured([] { logging::info("i"); }).substr(0, 1) != "<");
}

BOOST_AUTO_TEST_CASE(a_repeated_line_is_written_once_a_second_with_a_count) {
  logging::share_repeated_counts();
  const auto text = captured([] {
    wait_for_a_new_second();
    const pid_t child = fork();
    // 40 in each of two processes within one second: one line between them.
    for (int i = 0; i < 40; ++i) {
      logging::write_repeated(logging::Repeated::database_unavailable, logging::Level::error,
                              "cannot connect to the database");
    }
    if (child == 0) _exit(0);
    int status = 0;
    waitpid(child, &status, 0);
    wait_for_a_new_second();
    logging::write_repeated(logging::Repeated::database_unavailable, logging::Level::error,
                            "cannot connect to the database");
  });
  BOOST_TEST(
      std::regex_match(text, std::regex(kStart + "error cannot connect to the database\n" + kStart +
                                        "error cannot connect to the database \\(and 79 "
                                        "more like it since the last such line\\)\n")),
      text);
}

BOOST_AUTO_TEST_SUITE_END()
