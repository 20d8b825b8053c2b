// Abuse limits and IP allow lists (issue 13) against a real MariaDB and real workers: failed
// logins and hashes past the limit are answered later by a worker that meanwhile serves others,
// the optional lockout refuses only the address and `u` that failed, and an owner's allow list
// refuses other addresses for that owner's users, changing nothing.
#define BOOST_TEST_MODULE abuse_limits
#include <signal.h>
#include <boost/test/unit_test.hpp>

#include <future>
#include <thread>

#include "fixture.hpp"

using namespace morapi::testing;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

std::string did_create(const std::string& u, const std::string& provider, const std::string& did,
                       const std::string& secret) {
  return "/billing/api/did_create?u=" + u + "&did=" + did + "&provider_id=" + provider +
         "&hash=" + sha1(provider + did + secret);
}

// cc_by_cli's login and hash only: a caller ID and amount that the hash does not match, so a
// request that gets past the login answers `Incorrect hash` and changes nothing.
std::string cc_login(const std::string& u, const std::string& p) {
  return "/billing/api/cc_by_cli?u=" + u + "&p=" + p +
         "&callerid=37069999999&amount=1&hash=" + sha1("wrong");
}

FcgiRequest from(const std::string& address, const std::string& uri) {
  FcgiRequest request;
  request.uri = uri;
  request.remote_addr = address;
  return request;
}

double seconds_since(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

}  // namespace

BOOST_AUTO_TEST_CASE(past_the_limit_failures_wait_while_the_worker_serves_honest_requests) {
  // One worker: whatever answers the honest request is the worker holding the attacker's answer.
  Stack stack(1, {"--failure_delay_after=3", "--failure_delay_max_ms=1000"});
  const std::string wrong = did_create("admin", "1", "5550001", "guess");
  for (int i = 0; i < 3; ++i) {
    const auto started = Clock::now();
    BOOST_TEST(stack.send(from("127.0.0.9", wrong)).body == page_error("Incorrect hash"));
    BOOST_TEST(seconds_since(started) < 5.0);
  }
  // The 4th failure waits 100 ms, each further one 100 ms more, up to 1 s.
  auto started = Clock::now();
  BOOST_TEST(stack.send(from("127.0.0.9", wrong)).body == page_error("Incorrect hash"));
  BOOST_TEST(seconds_since(started) >= 0.1);
  for (int i = 0; i < 10; ++i) stack.send(from("127.0.0.9", wrong));
  started = Clock::now();
  auto attacker =
      std::async(std::launch::async, [&] { return stack.send(from("127.0.0.9", wrong)); });
  // Meanwhile the same worker answers the real admin at once, from the same address too: only
  // failures wait.
  std::this_thread::sleep_for(milliseconds(200));
  const auto honest = stack.send(from("127.0.0.9", did_create("admin", "1", "5550002", "secret")));
  BOOST_TEST(honest.body == did_created("100"));
  BOOST_TEST((attacker.wait_for(milliseconds(0)) != std::future_status::ready));
  BOOST_TEST(attacker.get().body == page_error("Incorrect hash"));
  // (The sliding minute may have let a few of the failures go meanwhile: 0.8 s at least.)
  BOOST_TEST(seconds_since(started) >= 0.8);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "2");
  // Bad logins count too, and another `u` from another address starts from nothing.
  for (int i = 0; i < 3; ++i) stack.send(from("127.0.0.10", cc_login("user", "nope")));
  started = Clock::now();
  BOOST_TEST(stack.send(from("127.0.0.10", cc_login("user", "nope"))).body ==
             status_error("Bad login"));
  BOOST_TEST(seconds_since(started) >= 0.1);
  // The board counts them: 3 + 1 + 10 + 1 wrong hashes and 4 bad logins, all but the first 3
  // of each address held.
  const std::string metrics = stack.get("/billing/api/_metrics").body;
  const auto value = [&](const std::string& name) {
    const size_t at = metrics.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stol(metrics.substr(at + name.size() + 2));
  };
  BOOST_TEST(value("morapi_failed_attempts_total") == 19);
  BOOST_TEST(value("morapi_held_answers_total") == 13);
  // A worker stopped while holding answers sends them first.
  auto held = std::async(std::launch::async, [&] { return stack.send(from("127.0.0.9", wrong)); });
  std::this_thread::sleep_for(milliseconds(300));
  kill(stack.workers().at(0), SIGTERM);
  BOOST_TEST(held.get().body == page_error("Incorrect hash"));
}

BOOST_AUTO_TEST_CASE(a_lockout_refuses_only_the_failing_address_and_user) {
  Stack stack(1, {"--lockout_after=3", "--failure_delay_max_ms=0"});
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(stack.send(from("127.0.0.5", cc_login("admin", "guess"))).body ==
               status_error("Bad login"));
  }
  // The right password from there: refused for the rest of the minute, before any check.
  BOOST_TEST(stack.send(from("127.0.0.5", cc_login("admin", "admin1"))).body ==
             status_error("Too many failed attempts"));
  BOOST_TEST(stack.send(from("127.0.0.5", did_create("admin", "1", "5550003", "secret"))).body ==
             page_error("Too many failed attempts"));
  // The real admin elsewhere, and another user from the attacker's address, are not locked out.
  BOOST_TEST(stack.send(from("127.0.0.6", cc_login("admin", "admin1"))).body ==
             status_error("Incorrect hash"));
  BOOST_TEST(stack.send(from("127.0.0.6", did_create("admin", "1", "5550003", "secret"))).body ==
             did_created("100"));
  BOOST_TEST(stack.send(from("127.0.0.5", cc_login("user", "user1"))).body ==
             status_error("Incorrect hash"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "2");
}

BOOST_AUTO_TEST_CASE(an_owners_allow_list_refuses_other_addresses_and_changes_nothing) {
  Stack stack(1);
  stack.set_setting("morapi_API_Allowed_IPs", "10.0.0.0/8, 192.0.2.7", 3);
  std::vector<std::string> tables = kMorapiTables;
  tables.push_back("actions");
  const std::string before = stack.scalar(table_state_query(stack, tables));
  // The reseller and its users, from elsewhere: `Access Denied`, with a valid hash or without.
  BOOST_TEST(stack.send(from("127.0.0.1", did_create("user", "2", "5550004", "secret3"))).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.send(from("127.0.0.1", did_create("user", "2", "5550004", "bad"))).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.send(from("11.0.0.1", cc_login("user_reseller", "user_reseller1"))).body ==
             status_error("Access Denied"));
  BOOST_TEST(stack.scalar(table_state_query(stack, tables)) == before);
  // From the list: as before.
  BOOST_TEST(stack.send(from("10.200.1.1", did_create("user", "2", "5550004", "secret3"))).body ==
             did_created("100"));
  BOOST_TEST(stack.send(from("192.0.2.7", did_create("user", "2", "5550005", "secret3"))).body ==
             did_created("101"));
  // Other owners' callers are not restricted by it.
  BOOST_TEST(stack.send(from("127.0.0.1", did_create("admin", "1", "5550006", "secret"))).body ==
             did_created("102"));
  // Owner 0's list restricts the admin, accountants and owner 0's users.
  stack.set_setting("morapi_API_Allowed_IPs", "::1, 127.0.0.2", 0);
  BOOST_TEST(stack.send(from("127.0.0.1", did_create("admin", "1", "5550007", "secret"))).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.send(from("127.0.0.2", did_create("admin", "1", "5550007", "secret"))).body ==
             did_created("103"));
  // An empty list restricts nothing.
  stack.set_setting("morapi_API_Allowed_IPs", " ", 0);
  BOOST_TEST(stack.send(from("127.0.0.1", did_create("admin", "1", "5550008", "secret"))).body ==
             did_created("104"));
}
