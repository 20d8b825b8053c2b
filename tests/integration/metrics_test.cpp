// /billing/api/_metrics (issue 12): the host's counters in Prometheus' format, through the shipped
// nginx site (which lets 127.0.0.1 in), moving with the requests of every worker.
#define BOOST_TEST_MODULE metrics
#include <signal.h>

#include <boost/test/unit_test.hpp>
#include <regex>
#include <sstream>

#include "fixture.hpp"
#include "support/http_client.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

// The value of the sample whose name and labels are `series`, -1 when it is not there.
double sample(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  }
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(counters_move_with_the_requests_of_every_worker) {
  Stack stack(2);
  Nginx nginx(stack.socket(), free_tcp_port());
  const auto get = [&](const std::string& target) {
    return http_request("127.0.0.1", nginx.port(), "GET", target);
  };
  const auto first = get("/billing/api/_metrics");
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  // The worker answering is busy, the other idle.
  BOOST_TEST(sample(first.body, R"(morapi_workers{state="busy"})") == 1);
  BOOST_TEST(sample(first.body, R"(morapi_workers{state="idle"})") == 1);
  BOOST_TEST(sample(first.body, R"(morapi_requests_total{method="did_create",status="200"})") ==
             -1);
  BOOST_TEST(std::regex_search(
                 first.body,
                 std::regex("\nmorapi_build_info\\{version=\"[0-9]+\\.[0-9]+\\.[0-9]+\"\\} 1\n")),
             first.body);

  // HEAD too (SPEC §1), with no body through nginx.
  const auto head = http_request("127.0.0.1", nginx.port(), "HEAD", "/billing/api/_metrics");
  BOOST_TEST(head.status == 200);
  BOOST_TEST(head.body.empty());

  // Several requests, served by whichever worker takes them.
  for (int i = 0; i < 3; ++i) get("/billing/api/did_create?" + kSeedDidCreateQuery);
  get("/billing/api/no_such_method");
  const std::string from = "5000000000", till = "5000000010";
  const auto cards =
      get("/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=" + from +
          "&cards_till=" + till + "&hash=" + sha1("1" + from + till + "secret"));
  BOOST_TEST_REQUIRE(cards.body == page_success("Cards created: 11/11"));
  const auto second = get("/billing/api/_metrics").body;
  BOOST_TEST(sample(second, R"(morapi_requests_total{method="did_create",status="200"})") == 3);
  BOOST_TEST(sample(second, R"(morapi_requests_total{method="other",status="404"})") == 1);
  BOOST_TEST(sample(second, R"(morapi_requests_total{method="_metrics",status="200"})") == 2);
  BOOST_TEST(sample(second, R"(morapi_request_duration_seconds_count{method="did_create"})") == 3);
  BOOST_TEST(
      sample(second, "morapi_request_duration_seconds_bucket{method=\"did_create\",le=\"+Inf\"}") ==
      3);
  BOOST_TEST(sample(second, "morapi_cards_created_total") == 11);
  BOOST_TEST(sample(second, "morapi_worker_restarts_total") == 0);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE number BETWEEN '5000000000' AND "
                          "'5000000010'") == "11");

  // A worker killed: the master starts another in its place and counts it; the board keeps the
  // counts of the one that died.
  const auto workers = stack.workers();
  BOOST_TEST_REQUIRE(workers.size() == 2u);
  kill(workers.front(), SIGKILL);
  BOOST_TEST_REQUIRE(
      wait_until([&] { return stack.workers().size() == 2u && stack.workers() != workers; }, 10s));
  const auto third = get("/billing/api/_metrics").body;
  BOOST_TEST(sample(third, "morapi_worker_restarts_total") == 1);
  BOOST_TEST(sample(third, R"(morapi_requests_total{method="did_create",status="200"})") == 3);
  BOOST_TEST(sample(third, R"(morapi_workers{state="busy"})") == 1);
  BOOST_TEST(sample(third, R"(morapi_workers{state="idle"})") == 1);
}
