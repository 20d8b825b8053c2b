// Issue 10, label `hosts`: two app hosts for real (a network namespace each, morapi on TCP),
// one database, nginx on this machine balancing them with the shipped upstream block. The
// invariants of SPEC §5 across hosts, and a host lost mid-run (SIGKILL, and its link down).
#define BOOST_TEST_MODULE hosts
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <thread>

#include "faults/check.hpp"
#include "hosts/app_host.hpp"
#include "hosts/races.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace morapi::testing::hosts;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kHostOptions = {"--workers=4"};

bool skipped() {
  if (const auto why = why_no_hosts()) {
    BOOST_TEST_MESSAGE("SKIPPED: the hosts test bed needs network namespaces: " << *why);
    return true;
  }
  return false;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A mixed load split three ways: through nginx, and straight to each host over FastCGI.
Sender split_sender(const Nginx& nginx, const AppHost& a, const AppHost& b) {
  return [&nginx, a = a.endpoint(), b = b.endpoint()](const Request& request) {
    static std::atomic<int> turn{0};
    switch (turn++ % 3) {
      case 0:
        return send_http(nginx.port(), request, 30s);
      case 1:
        return send_fcgi(a, request, {}, 30s);
      default:
        return send_fcgi(b, request, {}, 30s);
    }
  };
}

// N of a `Cards created: N/M` answer, 0 for `Cards already exist`, -1 for anything else.
int64_t cards_created(const std::string& body) {
  if (body == page_error("Cards already exist")) return 0;
  const std::string head = "<success>Cards created: ";
  const size_t at = body.find(head);
  if (at == std::string::npos) return -1;
  return std::stoll(body.substr(at + head.size()));
}

// Requests nginx sent to a second host, from its access log (upstream=A, B status=S1, S2), by
// the first host's status: 502 (connection refused or reset), 504 (timed out).
std::map<std::string, int> resent_by_nginx(const Nginx& nginx) {
  std::map<std::string, int> resent;
  std::istringstream lines(read_file(nginx.dir() + "/access.log"));
  for (std::string line; std::getline(lines, line);) {
    const size_t status = line.find(" status=");
    const size_t comma = line.find(", ", status);
    if (status == std::string::npos || comma == std::string::npos) continue;
    const size_t time = line.find(" time=", status);
    if (comma < time) ++resent[line.substr(status + 8, comma - status - 8)];
  }
  return resent;
}

}  // namespace

BOOST_AUTO_TEST_CASE(invariants_across_two_hosts) {
  if (skipped()) return;
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

  // 2. The same DID and the same CLI on both hosts at once: one is created, the other refused.
  for (int i = 0; i < 40; ++i) {
    const std::string did = "37099000" + std::to_string(1000 + i);
    const std::string uri = "/billing/api/did_create?u=admin&provider_id=1&did=" + did +
                            "&hash=" + sha1("1" + did + "secret");
    const auto [one, two] = at_once([&] { return get_from(a.endpoint(), uri); },
                                    [&] { return get_from(b.endpoint(), uri); });
    const std::string id = stack.scalar("SELECT id FROM dids WHERE did = '" + did + "'");
    const std::string created =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <status>\n"
        "    <success>DID created</success>\n  </status>\n"
        "  <did_details>\n    <id>" +
        id + "</id>\n  </did_details>\n</page>\n";
    const std::string exists = page_error("DID already exists");
    BOOST_TEST(((one.body == created && two.body == exists) ||
                (one.body == exists && two.body == created)),
               did << ": " << one.body << " / " << two.body);
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did LIKE '37099000%'") == "40");
  const std::string cli_taken =
      page_error("CLI already exists. It is assigned to user_admin device");
  const std::string cli_created =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <status>CLI successfully "
      "created</status>\n</page>\n";
  for (int i = 0; i < 40; ++i) {
    const std::string cli = "37098000" + std::to_string(1000 + i);
    const std::string uri = "/billing/api/cli_add?u=admin&device_id=2&cli_number=" + cli +
                            "&hash=" + sha1("2" + cli + "secret");
    const auto [one, two] = at_once([&] { return get_from(a.endpoint(), uri); },
                                    [&] { return get_from(b.endpoint(), uri); });
    BOOST_TEST(((one.body == cli_created && two.body == cli_taken) ||
                (one.body == cli_taken && two.body == cli_created)),
               cli << ": " << one.body << " / " << two.body);
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids WHERE cli LIKE '37098000%'") == "40");

  // 3. One idempotency key sent to both hosts at once: applied once, both told the same answer.
  for (int i = 0; i < 30; ++i) {
    // 1.9xxx: apart from the load's top-ups (1.00nnnn), inside the range check_money counts.
    const std::string amount = "1.9" + std::to_string(100 + i);
    const std::string callerid = Workload::card_callerid(1 + i % Workload::kCards);
    const std::string uri = "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=" + callerid +
                            "&amount=" + amount + "&hash=" + sha1(amount + callerid + "secret");
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "twice-" + amount}};
    const auto [one, two] = at_once([&] { return get_from(a.endpoint(), uri, key); },
                                    [&] { return get_from(b.endpoint(), uri, key); });
    BOOST_TEST(one.status == 200);
    BOOST_TEST(one.body.find("<status>ok</status>") != std::string::npos, one.body);
    BOOST_TEST(one.body == two.body);
    BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments WHERE amount = " + amount) == "1");
  }
  check_money(stack);

  // 4. Overlapping card batches on both hosts at once: every number and PIN once, and the
  //    created counts add up to the cards there are.
  int64_t created = 0;
  for (const auto& [from_a, from_b] : {std::pair{5000000000, 5000000600},     // overlapping
                                       std::pair{5000002000, 5000002000}}) {  // the same range
    const auto batch = [&](const AppHost& host, int64_t from) {
      const std::string first = std::to_string(from);
      const std::string last = std::to_string(from + 999);
      const std::string uri =
          "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=" + first +
          "&cards_till=" + last + "&hash=" + sha1("1" + first + last + "secret");
      return get_from(host.endpoint(), uri);
    };
    const auto [one, two] =
        at_once([&] { return batch(a, from_a); }, [&] { return batch(b, from_b); });
    created += cards_created(one.body) + cards_created(two.body);
    BOOST_TEST(cards_created(one.body) >= 0, one.body);
    BOOST_TEST(cards_created(two.body) >= 0, two.body);
  }
  BOOST_TEST(created == 2600);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE number LIKE '50000%'") ==
             std::to_string(created));
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards") ==
             stack.scalar("SELECT COUNT(*) FROM cards"));
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
  if (skipped()) return;
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
