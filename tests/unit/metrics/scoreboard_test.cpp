#include "metrics/scoreboard.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <regex>
#include <sstream>

#include "api/routes.hpp"

namespace metrics = morapi::metrics;

namespace {

// The value of the sample line that starts with `prefix` (name and labels), or -1.
double value_of(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix + " ", 0) == 0) return std::stod(line.substr(prefix.size() + 1));
  }
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scoreboard)

BOOST_AUTO_TEST_CASE(every_routed_method_has_its_own_label) {
  for (const auto name : metrics::kMethods) {
    if (name == "other" || name == "_health" || name == "_metrics") continue;
    BOOST_TEST(morapi::api::find_endpoint(name) != nullptr, name);
  }
  for (const char* name :
       {"calling_cards_create", "cc_by_cli", "cli_add", "did_create", "did_rates_details_update"}) {
    BOOST_TEST(metrics::kMethods[metrics::method_index(name)] == name);
  }
  BOOST_TEST(metrics::kMethods[metrics::method_index("no_such_method")] == "other");
  BOOST_TEST(metrics::kStatuses[metrics::status_index(418)] == 0);
}

// Counts made in a forked worker are seen by the master and by every other worker.
BOOST_AUTO_TEST_CASE(counts_are_shared_across_forks) {
  metrics::share_between_processes();
  const pid_t child = fork();
  if (child == 0) {
    metrics::set_worker_slot(3);
    metrics::set_worker_state(metrics::WorkerState::busy);
    for (int i = 0; i < 5; ++i) metrics::count_request("did_create", 200, 0.003);
    metrics::count_request("did_create", 503, 0.2);
    metrics::count_request("nope", 404, 0.001);
    metrics::count_retry(metrics::Retry::deadlock);
    metrics::count_outcome_unknown();
    metrics::count_cards_created(1000);
    metrics::count_failed_attempt();
    metrics::count_failed_attempt();
    metrics::count_held_answer();
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  metrics::set_worker_slot(4);  // idle
  metrics::count_worker_restart();
  const std::string text = metrics::exposition(metrics::board(), "9.9.9");

  BOOST_TEST(value_of(text, R"(morapi_requests_total{method="did_create",status="200"})") == 5);
  BOOST_TEST(value_of(text, R"(morapi_requests_total{method="did_create",status="503"})") == 1);
  BOOST_TEST(value_of(text, R"(morapi_requests_total{method="other",status="404"})") == 1);
  // Histogram buckets are cumulative: 5 at 3 ms, 1 at 200 ms.
  const std::string bucket = R"(morapi_request_duration_seconds_bucket{method="did_create",le=)";
  BOOST_TEST(value_of(text, bucket + R"("0.005"})") == 5);
  BOOST_TEST(value_of(text, bucket + R"("0.1"})") == 5);
  BOOST_TEST(value_of(text, bucket + R"("0.25"})") == 6);
  BOOST_TEST(value_of(text, bucket + R"("+Inf"})") == 6);
  BOOST_TEST(value_of(text, R"(morapi_request_duration_seconds_count{method="did_create"})") == 6);
  BOOST_TEST(value_of(text, R"(morapi_request_duration_seconds_sum{method="did_create"})") ==
             0.215);
  BOOST_TEST(value_of(text, R"(morapi_db_retries_total{reason="deadlock"})") == 1);
  BOOST_TEST(value_of(text, R"(morapi_db_retries_total{reason="connection_lost"})") == 0);
  BOOST_TEST(value_of(text, "morapi_outcome_unknown_total") == 1);
  BOOST_TEST(value_of(text, "morapi_cards_created_total") == 1000);
  BOOST_TEST(value_of(text, "morapi_failed_attempts_total") == 2);
  BOOST_TEST(value_of(text, "morapi_held_answers_total") == 1);
  BOOST_TEST(value_of(text, "morapi_worker_restarts_total") == 1);
  BOOST_TEST(value_of(text, R"(morapi_workers{state="busy"})") == 1);
  BOOST_TEST(value_of(text, R"(morapi_workers{state="idle"})") == 1);
  BOOST_TEST(value_of(text, R"(morapi_build_info{version="9.9.9"})") == 1);
  metrics::free_worker_slot(3);
  metrics::free_worker_slot(4);
  const std::string after = metrics::exposition(metrics::board(), "9.9.9");
  BOOST_TEST(value_of(after, R"(morapi_workers{state="busy"})") == 0);

  // The text format: every line a comment (HELP/TYPE) or `name{labels} value`, each metric's
  // TYPE once, before its samples.
  const std::regex sample(R"([a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+)");
  const std::regex comment(R"(# (HELP|TYPE) morapi_[a-z_]+ .+)");
  std::istringstream lines(text);
  int types = 0;
  for (std::string line; std::getline(lines, line);) {
    BOOST_TEST((std::regex_match(line, sample) || std::regex_match(line, comment)), line);
    types += line.rfind("# TYPE ", 0) == 0;
  }
  BOOST_TEST(types == 10);
  BOOST_TEST(text.back() == '\n');
}

BOOST_AUTO_TEST_SUITE_END()
