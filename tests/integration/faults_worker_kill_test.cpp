// Fault test 1 of issue 8: a random worker SIGKILLed every second for 30 s under a mixed load
// through nginx. Every answer is then held against the database, the requests that got no
// telling answer are retried with their request_id, and the master must have replaced every
// killed worker.
#define BOOST_TEST_MODULE faults_worker_kill
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <algorithm>
#include <random>
#include <thread>

#include "faults/check.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(sigkill_a_random_worker_every_second) {
  const auto started = Clock::now();
  constexpr int kWorkers = 4;
  Stack stack(kWorkers, morapi_account_options());
  Nginx nginx(stack.socket(), free_tcp_port());
  Workload workload(stack, 4000);
  const Sender send = [&](const Request& request) { return send_http(nginx.port(), request); };

  std::atomic<bool> loading{true};
  std::vector<pid_t> killed;
  std::thread killer([&] {
    std::mt19937 rng(42);
    for (int second = 0; second < 30; ++second) {
      std::this_thread::sleep_for(1s);
      const auto workers = stack.workers();
      if (workers.empty()) continue;
      const pid_t victim = workers[rng() % workers.size()];
      if (::kill(victim, SIGKILL) == 0) killed.push_back(victim);
    }
    std::this_thread::sleep_for(500ms);
    loading = false;
  });
  const auto answers = run_load(
      workload, 4, send, [&] { return loading.load(); }, 200000);
  killer.join();
  const double load_seconds = std::chrono::duration<double>(Clock::now() - started).count();

  BOOST_TEST(killed.size() == 30u);
  // The master replaced each of them.
  const bool replaced = wait_until(
      [&] {
        const auto now = stack.workers();
        return now.size() == static_cast<size_t>(kWorkers) &&
               std::none_of(now.begin(), now.end(), [&](pid_t pid) {
                 return std::find(killed.begin(), killed.end(), pid) != killed.end();
               });
      },
      10s);
  BOOST_TEST(replaced, stack.workers().size() << " workers after the run");

  const Tally tally = check_answers(stack, answers);
  check_no_open_transaction();
  const auto retried = retry_untold(answers, send);
  const Tally after_retry = check_answers(stack, retried);
  check_money(stack);
  check_no_open_transaction();
  report("SIGKILL a worker every second for 30 s (4 workers, 4 clients, nginx)", tally,
         load_seconds,
         std::to_string(killed.size()) + " workers killed, " + std::to_string(retried.size()) +
             " untold requests retried with their request_id: " +
             std::to_string(after_retry.successes) + " successes");
}
