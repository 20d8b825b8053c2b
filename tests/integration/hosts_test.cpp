// Issue 10, label `hosts`: two app hosts for real (a network namespace each, morapi on TCP),
// one database, nginx on this machine balancing them with the shipped upstream block. The
// invariants of SPEC §5 across hosts, and a host lost mid-run (SIGKILL, and its link down).
#define BOOST_TEST_MODULE hosts
#include <boost/test/unit_test.hpp>

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
  check_no_open_transaction();
  report("two hosts, one database: mixed load split nginx / host A / host B (8 clients)", tally,
         seconds_since(started),
         "plus 40 DIDs and 40 CLIs raced on both hosts, 30 idempotency keys sent to both at once");
}
