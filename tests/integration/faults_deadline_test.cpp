// Fault test 4 of issue 8, requests past their deadline: one that nginx received long ago (a
// FastCGI request with MORAPI_RECEIVED_AT in the past) does nothing at all, and requests that
// waited in the queue for a worker past their deadline (both workers busy with card batches,
// small request_deadline) are answered 503 `not-applied` and never applied afterwards.
#define BOOST_TEST_MODULE faults_deadline
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <mutex>
#include <thread>

#include "faults/check.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace std::chrono_literals;

namespace {

// $msec as nginx writes it: seconds since the epoch, with milliseconds.
std::map<std::string, std::string> received(std::chrono::seconds age) {
  return {{"MORAPI_RECEIVED_AT", msec_from_now(-age)}};
}

Request plain(const std::string& method, const std::string& form) {
  Request request;
  request.path = "/billing/api/" + method;
  request.form = form;
  return request;
}

Request did_rates_update() {
  return plain("did_rates_details_update",
               "u=admin&did_id=3&allow_call_reject=1&hash=" + sha1("3secret"));
}

// cards_from..cards_till of the admin's group 1.
Request cards_create(const std::string& from, const std::string& till) {
  return plain("calling_cards_create", "u=admin&card_group_id=1&cards_from=" + from +
                                           "&cards_till=" + till +
                                           "&hash=" + sha1("1" + from + till + "secret"));
}

// Everything the requests below could change.
Rows everything(Stack& stack) {
  Rows all;
  for (const std::string table :
       {"cards", "payments", "dids", "didrates", "callerids", "morapi_requests"}) {
    all.push_back({table, stack.scalar("SELECT COUNT(*) FROM " + table)});
  }
  for (auto& row : stack.rows("SELECT id, balance FROM cards WHERE id <= 4 ORDER BY id")) {
    all.push_back(row);
  }
  all.push_back(stack.rows("SELECT allow_call_reject FROM dids WHERE id = 3").front());
  all.push_back({"actions", stack.scalar("SELECT COUNT(*) FROM actions WHERE action <> 'error'")});
  return all;
}

void expect_not_applied(const Answer& answer) {
  BOOST_TEST(answer.status == 503, answer.request.path << ": " << answer.body << answer.failure);
  BOOST_TEST(answer.outcome == "not-applied", answer.request.path);
  BOOST_TEST(answer.body == page_error("Service unavailable"), answer.request.path);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_request_received_past_its_deadline_does_nothing) {
  Stack stack(2, morapi_account_options());
  Workload workload(stack, 10);
  const Rows before = everything(stack);
  // 25 s ago: past request_deadline (default 20 s); for calling_cards_create past its
  // batch_deadline (default 420 s).
  const std::vector<Request> requests = {workload.top_up(1, 1), workload.pin_move(2, 1),
                                         workload.did_create(3), workload.cli_add(4),
                                         did_rates_update()};
  for (const auto& request : requests) {
    expect_not_applied(send_fcgi(stack.socket(), request, received(25s)));
  }
  expect_not_applied(
      send_fcgi(stack.socket(), cards_create("1000000000", "1000000009"), received(600s)));
  BOOST_TEST(everything(stack) == before);

  // Within their deadlines they run: calling_cards_create has its own, longer one; a peer that
  // sends no MORAPI_RECEIVED_AT is timed from accept.
  BOOST_TEST(
      send_fcgi(stack.socket(), cards_create("1000000000", "1000000009"), received(25s)).body ==
      page_success("Cards created: 10/10"));
  for (const auto& request : requests) {
    const Answer answer = send_fcgi(stack.socket(), request, received(1s));
    BOOST_TEST(answer.status == 200, answer.request.path << ": " << answer.body);
    BOOST_TEST(answer.body.find("<error>") == std::string::npos, answer.body);
  }
  const Answer untimed = send_fcgi(stack.socket(), workload.top_up(5, 2));
  BOOST_TEST((told(untimed) == Told::success), untimed.body);
}

// Both workers run card batches (their own long batch_deadline); the top-ups behind them wait in
// the queue past their request_deadline of 3 s, and must then do nothing.
BOOST_AUTO_TEST_CASE(requests_queued_behind_two_batches_past_their_deadline_are_not_applied) {
  const auto started = Clock::now();
  constexpr int kDeadline = 3;
  constexpr int kCards = 400000;
  auto options = morapi_account_options();
  options.push_back("--request_deadline=" + std::to_string(kDeadline));
  Stack stack(2, options);
  Nginx nginx(stack.socket(), free_tcp_port());
  Workload workload(stack, 0);
  // A second admin group with PINs of another length, so the batches do not take turns.
  stack.exec(
      "INSERT INTO cardgroups (id, name, tariff_id, valid_from, valid_till, number_length, "
      "pin_length, owner_id, tax_id, tell_balance_in_currency, price) VALUES (5, 'Batch', 3, "
      "'2000-01-01', '2099-12-31', 10, 9, 0, 1, '', 0)");

  std::vector<Answer> batches(2);
  std::vector<Clock::time_point> batch_ended(2);
  std::atomic<int> batches_done{0};
  std::vector<std::thread> batchers;
  for (int b = 0; b < 2; ++b) {
    batchers.emplace_back([&, b] {
      const std::string group = b == 0 ? "1" : "5";
      const std::string from = b == 0 ? "1000000000" : "5000000000";
      const std::string till = std::to_string(std::stoll(from) + kCards - 1);
      Request batch =
          plain("calling_cards_create", "u=admin&card_group_id=" + group + "&cards_from=" + from +
                                            "&cards_till=" + till +
                                            "&hash=" + sha1(group + from + till + "secret"));
      batches[b] = send_http(nginx.port(), batch, 610s);
      batch_ended[b] = Clock::now();
      ++batches_done;
    });
  }
  // Each batch takes many seconds; these two are surely in the workers' hands by now.
  std::this_thread::sleep_for(1s);
  std::atomic<int> next{1};
  std::mutex mutex;
  std::vector<Answer> answers;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      // Until a worker is free, and once more after that: that one is served.
      for (bool again = true; again;) {
        again = batches_done == 0;
        Answer answer = send_http(nginx.port(), workload.top_up(next++, 1 + c));
        std::lock_guard lock(mutex);
        answers.push_back(std::move(answer));
      }
    });
  }
  for (auto& batcher : batchers) batcher.join();
  for (auto& client : clients) client.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  const std::string created =
      page_success("Cards created: " + std::to_string(kCards) + "/" + std::to_string(kCards));
  BOOST_TEST(batches[0].body == created, batches[0].body << batches[0].failure);
  BOOST_TEST(batches[1].body == created, batches[1].body << batches[1].failure);
  // No worker was free before the first batch ended: whatever was sent more than the deadline
  // before that had waited past its deadline.
  const auto first_free = std::min(batch_ended[0], batch_ended[1]);
  int queued = 0;
  for (const auto& answer : answers) {
    if (answer.sent + std::chrono::seconds(kDeadline) < first_free) {
      ++queued;
      BOOST_TEST((told(answer) == Told::not_applied),
                 answer.request.key << ": HTTP " << answer.status << " " << answer.body);
    }
  }
  BOOST_TEST(queued > 0);
  BOOST_TEST(answers.size() > static_cast<size_t>(queued));
  const Tally tally = check_answers(stack, answers);
  BOOST_TEST(tally.other == 0);
  BOOST_TEST(tally.applied_unknown == 0);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards c JOIN t_start_cards s ON s.id = c.id "
                          "WHERE c.balance <> s.balance + (SELECT COALESCE(SUM(p.amount), 0) "
                          "FROM payments p WHERE p.paymenttype = 'Card' AND p.user_id = c.id)") ==
             "0");
  check_no_open_transaction();
  char extra[256];
  std::snprintf(extra, sizeof extra,
                "batches took %.1f s and %.1f s; %d top-ups queued past their deadline, all 503 "
                "not-applied",
                batches[0].seconds(), batches[1].seconds(), queued);
  report("top-ups queued behind two " + std::to_string(kCards) +
             "-card batches (2 workers, request_deadline 3 s, 4 clients, nginx)",
         tally, seconds, extra);
}
