// The pre-forked server's life (SPEC §6): workers replaced when they die, SIGHUP, SIGTERM, and
// the database going away.
#define BOOST_TEST_MODULE server
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "fixture.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

const std::string kSeed = "/billing/api/did_create?" + kSeedDidCreateQuery;

bool exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_killed_worker_is_replaced) {
  Stack stack(2);
  const auto before = stack.workers();
  BOOST_REQUIRE(before.size() == 2u);
  kill(before[0], SIGKILL);
  BOOST_TEST(wait_until(
      [&] {
        const auto now = stack.workers();
        return now.size() == 2u && std::find(now.begin(), now.end(), before[0]) == now.end();
      },
      10s));
  for (int i = 0; i < 20; ++i) {
    BOOST_TEST(stack.get("/billing/api/_health").status == 200);
  }
  BOOST_TEST(stack.get(kSeed).body.find("DID created") != std::string::npos);
  BOOST_TEST(stack.log().find("exited unexpectedly") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sighup_replaces_every_worker) {
  Stack stack(2);
  const auto before = stack.workers();
  stack.server().signal(SIGHUP);
  BOOST_TEST(wait_until(
      [&] {
        const auto now = stack.workers();
        return now.size() == 2u && std::none_of(now.begin(), now.end(), [&](pid_t pid) {
                 return std::find(before.begin(), before.end(), pid) != before.end();
               });
      },
      10s));
  BOOST_TEST(stack.get(kSeed).body.find("DID created") != std::string::npos);
  BOOST_TEST(stack.log().find("exited unexpectedly") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_cleanly) {
  Stack stack(2);
  BOOST_TEST(stack.get(kSeed).body.find("DID created") != std::string::npos);
  const auto workers = stack.workers();
  stack.server().signal(SIGTERM);
  const auto status = stack.server().wait_exit(10s);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(WIFEXITED(*status));
  BOOST_TEST(WEXITSTATUS(*status) == 0);
  BOOST_TEST(!exists(stack.socket()));
  for (const pid_t pid : workers) BOOST_TEST(kill(pid, 0) == -1);
}

BOOST_AUTO_TEST_CASE(no_database_means_503_and_recovery) {
  // A table morapi reads is gone: the request cannot be answered, and nothing is half done.
  Stack stack(1);
  stack.exec("RENAME TABLE conflines TO conflines_away");
  auto response = stack.get(kSeed);
  BOOST_TEST(response.status == 503);
  BOOST_TEST(response.body == page_error("Service unavailable"));
  stack.exec("RENAME TABLE conflines_away TO conflines");
  response = stack.get(kSeed);
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body.find("DID created") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unreachable_database_answers_503_and_health_says_so) {
  TempDir nowhere;
  std::vector<std::string> argv = {"--db_socket=" + nowhere.file("missing.sock")};
  Stack stack(1, argv);
  auto response = stack.get(kSeed);
  BOOST_TEST(response.status == 503);
  BOOST_TEST(response.body == page_error("Service unavailable"));
  response = stack.get("/billing/api/_health");
  BOOST_TEST(response.status == 503);
  BOOST_TEST(response.body ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<health>\n  "
             "<database>unavailable</database>\n</health>\n");
}

// db_fallback (issue 10): a first server that cannot be reached is skipped for the next one, and
// the log says which one serves.
BOOST_AUTO_TEST_CASE(an_unreachable_first_database_falls_back_to_the_next) {
  TempDir nowhere;
  Stack stack(
      1, {"--db_socket=" + nowhere.file("missing.sock"),
          "--db_fallback=" + nowhere.file("also-missing.sock") + "," + shared_mariadb().socket()});
  const auto response = stack.get(kSeed);
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body.find("DID created") != std::string::npos);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did = '123456789'") == "1");
  BOOST_TEST(stack.log().find("connected to fallback database " + shared_mariadb().socket() + " (" +
                              nowhere.file("missing.sock") + ": ") != std::string::npos,
             stack.log());
}

BOOST_AUTO_TEST_CASE(a_lost_database_connection_is_reopened) {
  Stack stack(1);
  BOOST_TEST(stack.get("/billing/api/_health").status == 200);
  // Kill every connection the worker holds: its next request must reconnect and succeed.
  const auto connections = stack.rows("SELECT id FROM information_schema.processlist WHERE db = '" +
                                      stack.database() + "' AND id <> CONNECTION_ID()");
  BOOST_REQUIRE(!connections.empty());
  for (const auto& row : connections) stack.exec("KILL CONNECTION " + row[0]);
  const auto response = stack.get(kSeed);
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body.find("DID created") != std::string::npos);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did = '123456789'") == "1");
  BOOST_TEST(stack.log().find("reconnecting") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_lock_wait_timeout_retries_the_transaction) {
  // The worker gives up on a lock after 1 s; the test holds the DID's row lock for 2 s, so the
  // first attempt times out (1205) and the one retry succeeds.
  Stack stack(1, {"--lock_wait_timeout=1"});
  std::thread holder([&] {
    stack.exec(
        "START TRANSACTION; SELECT id FROM dids WHERE id = 3 FOR UPDATE; "
        "SELECT SLEEP(2); COMMIT");
  });
  std::this_thread::sleep_for(500ms);
  const auto response = stack.get(
      "/billing/api/did_rates_details_update?u=admin&did_id=3"
      "&allow_call_reject=1&hash=" +
      sha1("3secret"));
  holder.join();
  BOOST_TEST(response.body == page_success("DID rates details updated"));
  BOOST_TEST(stack.scalar("SELECT allow_call_reject FROM dids WHERE id = 3") == "1");
  BOOST_TEST(stack.log().find("transaction retried after error 1205") != std::string::npos);
}

// A session killed while its statement waits for a row lock: the worker sees the connection
// lost, reconnects and runs the whole transaction again, which then succeeds.
BOOST_AUTO_TEST_CASE(a_session_killed_in_a_statement_is_reconnected) {
  Stack stack(1);
  std::thread holder([&] {
    stack.exec(
        "START TRANSACTION; SELECT id FROM dids WHERE id = 3 FOR UPDATE; "
        "SELECT SLEEP(2); COMMIT");
  });
  std::this_thread::sleep_for(300ms);
  std::string body;
  std::thread client([&] {
    body = stack
               .get(
                   "/billing/api/did_rates_details_update?u=admin&did_id=3"
                   "&allow_call_reject=1&hash=" +
                   sha1("3secret"))
               .body;
  });
  const std::string waiting =
      "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '" + stack.database() +
      "' AND ID <> CONNECTION_ID() AND INFO LIKE '%dids%' AND INFO NOT LIKE '%SLEEP%' AND INFO "
      "NOT LIKE '%PROCESSLIST%'";
  std::string session;
  wait_until(
      [&] {
        const auto rows = stack.rows(waiting);
        if (!rows.empty()) session = rows[0][0];
        return !session.empty();
      },
      1500ms);
  BOOST_REQUIRE(!session.empty());
  stack.exec("KILL CONNECTION " + session);
  client.join();
  holder.join();
  BOOST_TEST(body == page_success("DID rates details updated"));
  BOOST_TEST(stack.scalar("SELECT allow_call_reject FROM dids WHERE id = 3") == "1");
  BOOST_TEST(stack.log().find("reconnecting") != std::string::npos, stack.log());
}
