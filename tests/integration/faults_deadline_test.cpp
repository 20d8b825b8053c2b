// Fault test 4 of issue 8, requests past their deadline: one that nginx received long ago (a
// FastCGI request with MORAPI_RECEIVED_AT in the past) does nothing at all, and requests that
// waited in the queue for a worker past their deadline (more slow requests than workers, small
// request_deadline) are answered 503 `not-applied` and never applied afterwards.
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
std::string received_ago(std::chrono::seconds age) {
  const auto at = std::chrono::system_clock::now() - age;
  const long long ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%03lld", ms / 1000, ms % 1000);
  return text;
}

std::map<std::string, std::string> received(std::chrono::seconds age) {
  return {{"MORAPI_RECEIVED_AT", received_ago(age)}};
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
  // batch_deadline (default 540 s).
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

BOOST_AUTO_TEST_CASE(requests_queued_past_their_deadline_are_not_applied) {
  const auto started = Clock::now();
  constexpr int kDeadline = 3;
  auto options = morapi_account_options();
  options.push_back("--request_deadline=" + std::to_string(kDeadline));
  Stack stack(2, options);
  Nginx nginx(stack.socket(), free_tcp_port());
  Workload workload(stack, 0);

  // Card 1 held for 12 s: the two workers spend it waiting for that row, and the top-ups to
  // card 2 wait in the queue behind them.
  std::thread holder([&] {
    stack.exec(
        "START TRANSACTION; SELECT id FROM cards WHERE id = 1 FOR UPDATE; "
        "SELECT SLEEP(12); ROLLBACK");
  });
  BOOST_REQUIRE(wait_until(
      [&] {
        return stack.scalar(
                   "SELECT COUNT(*) FROM information_schema.processlist WHERE info = "
                   "'SELECT SLEEP(12)'") == "1";
      },
      10s));
  std::atomic<bool> holding{true};
  std::atomic<int> next{1};
  std::mutex mutex;
  std::vector<Answer> answers;
  const auto keep = [&](Answer answer) {
    std::lock_guard lock(mutex);
    answers.push_back(std::move(answer));
  };
  std::vector<std::thread> clients;
  for (int c = 0; c < 2; ++c) {
    clients.emplace_back([&] {
      while (holding) keep(send_http(nginx.port(), workload.top_up(next++, 1)));
    });
  }
  std::this_thread::sleep_for(300ms);
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&] {
      while (holding) keep(send_http(nginx.port(), workload.top_up(next++, 2)));
    });
  }
  holder.join();
  holding = false;
  for (auto& client : clients) client.join();
  // Anything still queued would have run by now.
  std::this_thread::sleep_for(std::chrono::seconds(kDeadline + 1));
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  int queued_not_applied = 0;
  for (const auto& answer : answers) {
    queued_not_applied += answer.request.card == 2 && told(answer) == Told::not_applied;
    BOOST_TEST(answer.seconds() <= kDeadline + 1.0, answer.request.key << " " << answer.seconds());
  }
  BOOST_TEST(queued_not_applied > 0);
  const Tally tally = check_answers(stack, answers);
  BOOST_TEST(tally.other == 0);
  BOOST_TEST(tally.applied_unknown == 0);
  check_money(stack);
  check_no_open_transaction();
  report(
      "more slow requests than workers (2 workers, card row held 12 s, request_deadline 3 s, "
      "2 clients on the held card, 8 on another, nginx)",
      tally, seconds,
      std::to_string(queued_not_applied) + " top-ups of the other card 503 after queueing");
}
