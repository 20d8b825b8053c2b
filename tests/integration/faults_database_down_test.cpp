// Fault test 2 of issue 8: MariaDB stopped (clean shutdown), killed (SIGKILL) and frozen
// (SIGSTOP) for 10 s each under a mixed load through nginx. While it is down every answer is a
// 503 that comes within the configured time (small timeouts here), and _health says 503 too;
// once it is back morapi serves again by itself within 2 s. Every answer is held against the
// database afterwards.
#define BOOST_TEST_MODULE faults_database_down
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <functional>
#include <mutex>
#include <thread>

#include "faults/check.hpp"
#include "support/http_client.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace std::chrono_literals;

namespace {

constexpr int kRequestDeadline = 3;
constexpr int kIoTimeout = 2;  // more than the lock wait, as morapi requires
constexpr int kConnectTimeout = 1;
// The longest a request may wait for its answer: a worker blocked on the frozen database when
// the deadline comes still waits out one read and one connect timeout; plus scheduling slack
// on a small shared machine.
constexpr double kAnswerBound = kRequestDeadline + kIoTimeout + kConnectTimeout + 0.5;
// A COMMIT lost with the connection is resolved until 5 s past the deadline (morapi's
// kResolveGrace: the COMMIT began in time, and the client waits on), then answered `unknown`.
constexpr double kResolveGrace = 5;
constexpr double kUnknownBound = kRequestDeadline + kResolveGrace + kConnectTimeout + 0.5;
constexpr double kRecovery = 2.0;

double between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

struct Probe {
  int status = 0;
  Clock::time_point sent, answered;
};

// One outage: the load runs 3 s, then take_down(), 10 s later bring_back(), then 5 s more.
void outage(const std::string& name, const std::function<void()>& take_down,
            const std::function<void()>& bring_back) {
  const auto started = Clock::now();
  auto options = morapi_account_options();
  options.push_back("--request_deadline=" + std::to_string(kRequestDeadline));
  options.push_back("--db_io_timeout=" + std::to_string(kIoTimeout));
  options.push_back("--db_connect_timeout=" + std::to_string(kConnectTimeout));
  options.push_back("--lock_wait_timeout=1");
  constexpr int kWorkers = 4;
  Stack stack(kWorkers, options);
  Nginx nginx(stack.socket(), free_tcp_port());
  Workload workload(stack, 3000);
  const Sender send = [&](const Request& request) { return send_http(nginx.port(), request); };

  std::atomic<bool> loading{true};
  std::vector<Probe> probes;
  std::thread prober([&] {
    while (loading) {
      Probe probe;
      probe.sent = Clock::now();
      try {
        probe.status =
            http_request("127.0.0.1", nginx.port(), "GET", "/billing/api/_health", "", {}, 30s)
                .status;
      } catch (const std::exception&) {
      }
      probe.answered = Clock::now();
      probes.push_back(probe);
      std::this_thread::sleep_for(100ms);
    }
  });
  // down: the outage is complete; coming_back: it starts to end (a restarted server answers
  // before start() returns); back: the database serves again.
  Clock::time_point down, coming_back, back;
  std::thread faults([&] {
    std::this_thread::sleep_for(3s);
    take_down();
    down = Clock::now();
    std::this_thread::sleep_until(down + 10s);
    coming_back = Clock::now();
    bring_back();
    back = Clock::now();
    std::this_thread::sleep_for(5s);
    loading = false;
  });
  const auto answers = run_load(
      workload, 4, send, [&] { return loading.load(); }, 200000);
  faults.join();
  prober.join();
  const double run_seconds = between(started, Clock::now());

  // While it was down: 503 only, each in time. Once it is back: served again.
  int down_answers = 0;
  int wrong = 0;
  double slowest = 0;
  Clock::time_point first_success_after = Clock::time_point::max();
  const auto complain = [&](const std::string& what, const Answer& answer) {
    if (++wrong <= 10) {
      BOOST_ERROR(what << ": " << answer.request.key << " sent " << between(down, answer.sent)
                       << " s after the outage began, answered after " << answer.seconds()
                       << " s: HTTP " << answer.status << " " << answer.outcome << " "
                       << answer.body << answer.failure);
    }
  };
  for (const auto& answer : answers) {
    slowest = std::max(slowest, answer.seconds());
    const Told claim = told(answer);
    if (answer.seconds() > (claim == Told::unknown ? kUnknownBound : kAnswerBound)) {
      complain("too slow", answer);
    }
    if (answer.sent >= down && answer.answered < coming_back) {
      ++down_answers;
      if (claim != Told::not_applied && claim != Told::unknown) complain("not 503", answer);
    }
    if (answer.sent >= back && claim == Told::success) {
      first_success_after = std::min(first_success_after, answer.answered);
    }
    if (answer.sent >= back + std::chrono::duration<double>(kRecovery) && claim != Told::success &&
        claim != Told::mor_error) {
      complain("not served once the database was back", answer);
    }
  }
  BOOST_TEST(wrong == 0, log_excerpt(stack));
  BOOST_TEST(down_answers > 0);
  const double recovery = between(back, first_success_after);
  BOOST_TEST(recovery <= kRecovery);
  int health_down = 0;
  int health_wrong = 0;
  for (const auto& probe : probes) {
    const double took = between(probe.sent, probe.answered);
    if (probe.sent >= down && probe.answered < coming_back) {
      ++health_down;
      health_wrong += probe.status != 503 || took > kAnswerBound;
    }
    if (probe.sent >= back + std::chrono::duration<double>(kRecovery)) {
      health_wrong += probe.status != 200;
    }
  }
  BOOST_TEST(health_down > 0);
  BOOST_TEST(health_wrong == 0, "_health: 503 in time while down, 200 once back");

  const Tally tally = check_answers(stack, answers);
  check_no_open_transaction();
  const auto retried = retry_untold(answers, send);
  check_answers(stack, retried);
  check_money(stack);
  check_no_open_transaction();
  BOOST_TEST(stack.workers().size() == static_cast<size_t>(kWorkers));
  char extra[512];
  std::snprintf(extra, sizeof extra,
                "%d answers while down (slowest answer %.2f s; bound %.1f s, %.1f s for "
                "`unknown`), %d _health probes 503 while down, first success %.2f s after it "
                "was back, %zu untold retried",
                down_answers, slowest, kAnswerBound, kUnknownBound, health_down, recovery,
                retried.size());
  report("MariaDB " + name +
             " for 10 s (4 workers, 4 clients, nginx, request_deadline 3 s, "
             "db_io_timeout 2 s, db_connect_timeout 1 s)",
         tally, run_seconds, extra);
}

}  // namespace

BOOST_AUTO_TEST_CASE(database_stopped) {
  outage(
      "stopped (clean shutdown)", [] { shared_mariadb().stop(); },
      [] { shared_mariadb().start(); });
}

BOOST_AUTO_TEST_CASE(database_killed) {
  outage(
      "killed (SIGKILL)", [] { shared_mariadb().kill(); }, [] { shared_mariadb().start(); });
}

BOOST_AUTO_TEST_CASE(database_frozen) {
  outage(
      "frozen (SIGSTOP)", [] { shared_mariadb().signal(SIGSTOP); },
      [] { shared_mariadb().signal(SIGCONT); });
}
