// Issue 10, label `hosts`: two app hosts for real (a network namespace each, morapi on TCP),
// one database, nginx on this machine balancing them with the shipped upstream block. The
// invariants of SPEC §5 across hosts, and a host lost mid-run (SIGKILL, and its link down).
#define BOOST_TEST_MODULE hosts
#include <boost/test/unit_test.hpp>

#include <thread>

#include "faults/check.hpp"
#include "hosts/app_host.hpp"
#include "hosts/scenarios.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace morapi::testing::hosts;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kHostOptions = {"--workers=4"};

}  // namespace

BOOST_AUTO_TEST_CASE(invariants_across_two_hosts) {
  if (skipped_without_hosts()) return;
  const auto started = Clock::now();
  Stack stack(1, morapi_account_options());
  AppHost a(stack, kHostOptions);
  AppHost b(stack, kHostOptions);
  Nginx nginx(upstream_of({&a, &b}), free_tcp_port());
  Workload workload(stack, 2000);

  // 1. The mixed load (top-ups, PIN moves, did_create, cli_add), 8 clients, 2,400 requests.
  const auto answers = run_load(
      workload, 8, split_sender(nginx, a, b), [] { return true; }, 2400);
  const Tally tally = check_answers(stack, answers);
  BOOST_TEST(tally.successes + tally.errors == tally.requests, "every request told, none lost");
  check_money(stack);
  BOOST_TEST(a.requests_logged() > 600);
  BOOST_TEST(b.requests_logged() > 600);

  // 2.-4. Raced on both hosts at once: the same DIDs and CLIs, the same idempotency keys,
  //    overlapping card batches.
  race_dids_and_clis(stack, a.endpoint(), b.endpoint());
  race_idempotency_keys(stack, a.endpoint(), b.endpoint());
  race_signed_nonces(stack, a.endpoint(), b.endpoint());
  check_money(stack);

  race_card_batches(stack, a.endpoint(), b.endpoint());
  check_no_open_transaction();
  report("two hosts, one database: mixed load split nginx / host A / host B (8 clients)", tally,
         seconds_since(started),
         "plus 40 DIDs and 40 CLIs raced on both hosts, 30 idempotency keys sent to both at once, "
         "2 pairs of overlapping 1,000-card batches (2,600 cards, each number and PIN once)");
}

// A host lost under load through nginx: host A SIGKILLed (master and workers) and brought back,
// then host B's link down and up again. Half the clients send a request_id, half rely on nginx's
// implicit $request_id alone. Timeouts are shortened so a lost host costs seconds, in the
// shipped proportions (nginx's read timeout above morapi's deadline + db_io_timeout).
BOOST_AUTO_TEST_CASE(a_host_lost_mid_run) {
  if (skipped_without_hosts()) return;
  const auto started = Clock::now();
  Stack stack(1, morapi_account_options());
  const std::vector<std::string> options = {"--workers=4", "--request_deadline=4",
                                            "--db_io_timeout=3"};
  AppHost a(stack, options);
  AppHost b(stack, options);
  Nginx nginx(upstream_of({&a, &b}), free_tcp_port(),
              Nginx::SiteEdits{{"fastcgi_connect_timeout 5s;", "fastcgi_connect_timeout 1s;"},
                               {"fastcgi_read_timeout 60s;", "fastcgi_read_timeout 8s;"}});
  Workload workload(stack, 4000);
  std::atomic<int> turn{0};
  const Sender keyed = [&](const Request& request) {
    return send_http(nginx.port(), request, 40s);
  };
  const Sender send = [&](const Request& request) {
    return keyed(turn++ % 2 ? without_request_id(request) : request);
  };

  std::atomic<bool> loading{true};
  int a_logged_before_restart = 0;
  int b_logged_before_link_up = 0;
  std::thread faults([&] {
    std::this_thread::sleep_for(3s);
    a.kill();
    std::this_thread::sleep_for(3s);
    a_logged_before_restart = a.requests_logged();
    a.start();
    // B goes once nginx counts A as up again (fail_timeout 10 s after its last failure): with
    // both hosts marked failed, nginx would answer 502 at once ("no live upstreams").
    std::this_thread::sleep_for(12s);
    b.network().link_down();
    std::this_thread::sleep_for(5s);
    b_logged_before_link_up = b.requests_logged();
    b.network().link_up();
    std::this_thread::sleep_for(4s);
    loading = false;
  });
  const auto answers = run_load(
      workload, 8, send, [&] { return loading.load(); }, 100000);
  faults.join();
  const double load_seconds = seconds_since(started);

  const Tally tally = check_answers(stack, answers);
  check_no_open_transaction();
  const auto retried = retry_untold(answers, keyed);
  const Tally after_retry = check_answers(stack, retried);
  check_money(stack);
  // A came back and nginx sent it requests again during the load.
  BOOST_TEST(a.requests_logged() > a_logged_before_restart, a.log());

  // Both rejoined without a restart of anything else: nginx (after its fail_timeout, 10 s)
  // spreads requests over both again.
  const int a_before = a.requests_logged();
  const int b_before = b.requests_logged();
  int n = 900000;
  const bool both = wait_until(
      [&] {
        BOOST_TEST((told(keyed(workload.did_create(++n))) == Told::success));
        return a.requests_logged() > a_before && b.requests_logged() > b_before;
      },
      20s, 50ms);
  BOOST_TEST(both, "host B after its link came back: " << b.requests_logged() << " requests (was "
                                                       << b_logged_before_link_up << ")");
  check_no_open_transaction();
  // The faults really made nginx re-send: after a reset or refusal (A killed) and after a read
  // timeout (requests in flight on B when its link went down), each applied at most once above.
  const auto resent = resent_by_nginx(nginx);
  BOOST_TEST(resent.count("502") == 1u);
  BOOST_TEST(resent.count("504") == 1u);
  std::string resends;
  for (const auto& [status, count] : resent) {
    resends += ", " + std::to_string(count) + " re-sent by nginx after " + status;
  }
  report(
      "two hosts behind nginx, A SIGKILLed and restarted, B's link down 5 s (8 clients, half "
      "with only nginx's $request_id)",
      tally, load_seconds,
      std::to_string(retried.size()) + " untold requests retried with their request_id: " +
          std::to_string(after_retry.successes) + " successes" + resends);
}
