// Fault test 4 of issue 8, the long batch: while one 1,000,000-card calling_cards_create runs
// through nginx, top-ups to a card all succeed and none waits for the batch, with morapi's default
// pool (the demo answered them 504 after 60 s and applied them afterwards).
#define BOOST_TEST_MODULE faults_batch
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "faults/check.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace std::chrono_literals;

namespace {

// MORAPI_FAULTS_BATCH_CARDS makes the batch smaller, to find what fits a slow machine.
long batch_cards() {
  const char* cards = std::getenv("MORAPI_FAULTS_BATCH_CARDS");
  return cards ? std::atol(cards) : 1000000;
}

// A top-up that waited for the batch would take the batch's whole run (about 60 s) or fail at
// the 2 s lock wait; 5 s is far from both, and far above a shared machine's noise (a 1 s bound
// failed once in CI at 1.11 s). Speed itself is measured in bench/, not here.
constexpr double kWaitedForTheBatch = 5.0;

}  // namespace

BOOST_AUTO_TEST_CASE(top_ups_do_not_wait_for_a_million_card_batch) {
  const auto started = Clock::now();
  Stack stack(Stack::kDefaultWorkers, morapi_account_options());
  Nginx nginx(stack.socket(), free_tcp_port());
  Workload workload(stack, 0);
  const int workers = static_cast<int>(stack.workers().size());

  const long cards = batch_cards();
  const std::string from = "1000000000";
  const std::string till = std::to_string(1000000000L + cards - 1);
  Request batch;
  batch.path = "/billing/api/calling_cards_create";
  batch.form = "u=admin&card_group_id=1&cards_from=" + from + "&cards_till=" + till +
               "&request_id=batch-1&hash=" + sha1("1" + from + till + "secret");
  std::atomic<bool> running{true};
  Answer created;
  std::thread batcher([&] {
    created = send_http(nginx.port(), batch, 610s);
    running = false;
  });
  std::vector<Answer> top_ups;
  for (int n = 1; running && n < 1000000; ++n) {
    const auto due = Clock::now() + 250ms;
    top_ups.push_back(send_http(nginx.port(), workload.top_up(n, 1 + n % Workload::kCards)));
    std::this_thread::sleep_until(due);
  }
  batcher.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  const std::string count = std::to_string(cards);
  BOOST_TEST(created.status == 200, created.body << created.failure);
  BOOST_TEST(created.body == page_success("Cards created: " + count + "/" + count));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE cardgroup_id = 1 AND number BETWEEN '" +
                          from + "' AND '" + till + "'") == count);
  double slowest = 0;
  int late = 0;
  for (const auto& answer : top_ups) {
    slowest = std::max(slowest, answer.seconds());
    late += answer.seconds() > kWaitedForTheBatch;
  }
  BOOST_TEST(late == 0, late << " top-ups took over " << kWaitedForTheBatch << " s");
  const Tally tally = check_answers(stack, top_ups);
  BOOST_TEST(tally.successes == tally.requests);
  BOOST_TEST(top_ups.size() > 4u);
  check_no_open_transaction();

  char extra[256];
  std::snprintf(extra, sizeof extra,
                "the %ld-card batch took %.1f s; %zu top-ups meanwhile, slowest %.3f s", cards,
                created.seconds(), top_ups.size(), slowest);
  report("one " + count + "-card calling_cards_create (default pool: " + std::to_string(workers) +
             " workers, 1 top-up every 250 ms, nginx)",
         tally, seconds, extra);
}
