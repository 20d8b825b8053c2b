// What a client is told is what happened (SPEC 5): the request ledger, idempotent retries by
// Idempotency-Key / request_id / nginx's $request_id, and the deadline counted from nginx's
// receipt. Real MariaDB, real workers; every answer is checked against the rows.
#define BOOST_TEST_MODULE outcome
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "fixture.hpp"

using namespace morapi::testing;

namespace {

const std::string kDidUri = "/billing/api/did_create?" + kSeedDidCreateQuery;
const std::string kNewCardCli = "37063333333";

// A top-up that makes a new card in group 1 for a caller ID seen nowhere (its answer holds the
// new card's PIN): MOR order signs amount, callerid, cardgroup_id.
std::string new_card_uri(const std::string& amount, const std::string& extra = "") {
  return "/billing/api/cc_by_cli?u=admin&p=admin1&amount=" + amount + "&callerid=" + kNewCardCli +
         "&cardgroup_id=1&hash=" + sha1(amount + kNewCardCli + "1" + "secret") + extra;
}

std::string cards_of_cli(Stack& stack) {
  return stack.scalar("SELECT COUNT(*) FROM cards WHERE callerid = '" + kNewCardCli + "'");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_key_sent_twice_applies_once_and_answers_the_same_bytes) {
  Stack stack;
  const auto first = stack.send(fcgi_get(new_card_uri("10"), {{"Idempotency-Key", "top-up:42"}}));
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body.find("<status>ok</status>") != std::string::npos, first.body);
  const auto again = stack.send(fcgi_get(new_card_uri("10"), {{"Idempotency-Key", "top-up:42"}}));
  BOOST_TEST(again.body == first.body);
  BOOST_TEST(again.headers == first.headers);
  // The parameter is the same key as the header (and is not part of the hash).
  const auto as_parameter = stack.get(new_card_uri("10", "&request_id=top-up:42"));
  BOOST_TEST(as_parameter.body == first.body);
  BOOST_TEST(cards_of_cli(stack) == "1");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "1");
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE callerid = '" + kNewCardCli + "'") ==
             "10.000000000000000");
  // One ledger row, holding exactly the answer, the key and the caller; no p, no hash.
  const auto ledger = stack.rows(
      "SELECT user_id, request_key, method, answer, expires_at > UTC_TIMESTAMP() + INTERVAL 23 "
      "HOUR "
      "FROM morapi_requests");
  BOOST_TEST_REQUIRE(ledger.size() == 1u);
  BOOST_TEST(
      ledger[0] == (std::vector<std::string>{"0", "top-up:42", "cc_by_cli", first.body, "1"}),
      ledger[0][3]);
  // Without a key the same request is a new top-up.
  stack.get(new_card_uri("10"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "2");
}

BOOST_AUTO_TEST_CASE(a_key_with_other_parameters_is_refused_in_the_methods_shape) {
  Stack stack;
  stack.send(fcgi_get(new_card_uri("10"), {{"Idempotency-Key", "k1"}}));
  // Another amount under the same key: refused, nothing moves. cc_by_cli's method errors are
  // <page><error> (SPEC 4.2).
  const auto other = stack.send(fcgi_get(new_card_uri("11"), {{"Idempotency-Key", "k1"}}));
  BOOST_TEST(other.status == 200);
  BOOST_TEST(other.body ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <error>Request id "
             "was already used with other parameters</error>\n</page>\n");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "1");
  // did_create's shape; the DID of the refused request is not created.
  const std::string other_did =
      "/billing/api/did_create?u=admin&did=123456780&provider_id=1&hash=" + sha1("1secret") +
      "&request_id=k2";
  BOOST_TEST(stack.get(kDidUri + "&request_id=k2").body.find("DID created") != std::string::npos);
  BOOST_TEST(stack.get(other_did).body ==
             page_error("Request id was already used with other parameters"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did = '123456780'") == "0");
}

BOOST_AUTO_TEST_CASE(keys_are_checked_after_the_hash_and_login) {
  Stack stack;
  for (const std::string& bad : {std::string("has space"), std::string(65, 'a'), std::string(""),
                                 std::string("semi;colon"), std::string("\xc3\xa9")}) {
    BOOST_TEST(stack.send(fcgi_get(kDidUri, {{"Idempotency-Key", bad}})).body ==
               page_error("Invalid request id"));
  }
  BOOST_TEST(stack.get(kDidUri + "&request_id=a%20b").body == page_error("Invalid request id"));
  // Header and parameter both sent and different.
  BOOST_TEST(stack.send(fcgi_get(kDidUri + "&request_id=one", {{"Idempotency-Key", "two"}})).body ==
             page_error("Invalid request id"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  // The checks before the method come first: a wrong hash is `Incorrect hash`, a wrong
  // password `Bad login` (in cc_by_cli's filter shape).
  BOOST_TEST(stack
                 .get("/billing/api/did_create?u=admin&did=1&provider_id=1&hash=" +
                      std::string(40, '0') + "&request_id=a%20b")
                 .body == page_error("Incorrect hash"));
  BOOST_TEST(stack.get("/billing/api/cc_by_cli?u=admin&p=wrong&callerid=1&request_id=a%20b").body ==
             status_error("Bad login"));
}

BOOST_AUTO_TEST_CASE(keys_belong_to_the_caller_and_errors_are_not_stored) {
  Stack stack;
  // The first try fails (no such card group): nothing stored, so the same key runs again.
  const std::string bad_group =
      "/billing/api/cc_by_cli?u=admin&p=admin1&amount=10&callerid=" + kNewCardCli +
      "&cardgroup_id=77&hash=" + sha1("10" + kNewCardCli + "77secret") + "&request_id=k";
  const auto failed = stack.get(bad_group);
  BOOST_TEST(failed.body.find("Supplied Cardgroup_id is invalid") != std::string::npos);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_requests") == "0");
  const auto fixed = stack.get(bad_group);
  BOOST_TEST(fixed.body == failed.body);
  // The reseller's key "k" is not the admin's: its own request runs (and fails on its own).
  stack.get(new_card_uri("10", "&request_id=k"));
  BOOST_TEST(cards_of_cli(stack) == "1");
  const auto reseller = stack.get(
      "/billing/api/did_create?u=user&did=123456781&provider_id=1&hash=" + sha1("1secret3") +
      "&request_id=k");
  BOOST_TEST(reseller.body.find("DID created") != std::string::npos, reseller.body);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_requests WHERE request_key = 'k'") == "2");
}

BOOST_AUTO_TEST_CASE(nginx_request_id_resent_to_another_worker_applies_once) {
  Stack stack;
  const std::map<std::string, std::string> nginx = {
      {"MORAPI_REQUEST_ID", "0123456789abcdef0123456789abcdef"}};
  const auto first = stack.send(fcgi_get(kDidUri, {}, nginx));
  BOOST_TEST(first.body.find("DID created") != std::string::npos, first.body);
  // nginx re-sent it after an error: the DID exists now, and the answer is the first one's.
  const auto resent = stack.send(fcgi_get(kDidUri, {}, nginx));
  BOOST_TEST(resent.body == first.body);
  // A new request (another $request_id) is told the truth.
  const auto next = stack.send(
      fcgi_get(kDidUri, {}, {{"MORAPI_REQUEST_ID", "fedcba9876543210fedcba9876543210"}}));
  BOOST_TEST(next.body == page_error("DID already exists"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did = '123456789'") == "1");
  BOOST_TEST(stack.scalar("SELECT nginx_request_id FROM morapi_requests") ==
             "0123456789abcdef0123456789abcdef");
  BOOST_TEST(stack.scalar(
                 "SELECT expires_at < UTC_TIMESTAMP() + INTERVAL 11 MINUTE FROM morapi_requests") ==
             "1");
}

// A request with nginx's id that finds its DID taken asks, in the same statement, whether an
// earlier copy of itself took it (issue 11): one round trip, the answer as before.
BOOST_AUTO_TEST_CASE(did_already_exists_asks_the_ledger_in_the_same_statement) {
  Stack stack;
  const std::map<std::string, std::string> first = {
      {"MORAPI_REQUEST_ID", "0123456789abcdef0123456789abcdef"}};
  const auto created = stack.send(fcgi_get(kDidUri, {}, first));
  BOOST_TEST_REQUIRE(created.body.find("DID created") != std::string::npos, created.body);
  stack.exec("SET GLOBAL log_output = 'TABLE'");
  stack.exec("TRUNCATE mysql.general_log");
  stack.exec("SET GLOBAL general_log = 1");
  const auto other = stack.send(
      fcgi_get(kDidUri, {}, {{"MORAPI_REQUEST_ID", "fedcba9876543210fedcba9876543210"}}));
  const auto resent = stack.send(fcgi_get(kDidUri, {}, first));
  stack.exec("SET GLOBAL general_log = 0");
  BOOST_TEST(other.body == page_error("DID already exists"));
  BOOST_TEST(resent.body == created.body);
  // Each of the two asked about the DID and the ledger in one statement, and nothing more.
  const std::string about_dids_or_ledger =
      "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Execute' AND "
      "(argument LIKE BINARY '%FROM dids%' OR argument LIKE BINARY '%morapi_requests%')";
  BOOST_TEST(stack.scalar(about_dids_or_ledger) == "2");
  BOOST_TEST(stack.scalar(about_dids_or_ledger +
                          " AND argument LIKE BINARY 'SELECT EXISTS (SELECT 1 FROM dids%'") == "2");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did = '123456789'") == "1");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_requests") == "1");
}

BOOST_AUTO_TEST_CASE(an_expired_key_runs_again) {
  Stack stack;
  stack.get(new_card_uri("10", "&request_id=old"));
  stack.exec("UPDATE morapi_requests SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND");
  const auto again = stack.get(new_card_uri("10", "&request_id=old"));
  BOOST_TEST(again.body.find("<status>ok</status>") != std::string::npos, again.body);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "2");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_requests") == "1");
}

BOOST_AUTO_TEST_CASE(a_request_past_its_deadline_runs_nothing) {
  Stack stack(1, {"--request_deadline=5"});
  // nginx received it 6 s ago (it waited in the listen queue): 503, not applied.
  const auto late = stack.send(
      fcgi_get(kDidUri, {}, {{"MORAPI_RECEIVED_AT", msec_from_now(-std::chrono::seconds(6))}}));
  BOOST_TEST(late.status == 503);
  BOOST_TEST(late.header("X-Morapi-Outcome") == "not-applied");
  BOOST_TEST(late.body == page_error("Service unavailable"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  // Received 4 s ago: still in time.
  const auto in_time = stack.send(
      fcgi_get(kDidUri, {}, {{"MORAPI_RECEIVED_AT", msec_from_now(-std::chrono::seconds(4))}}));
  BOOST_TEST(in_time.body.find("DID created") != std::string::npos, in_time.body);
  // nginx's clock ahead of ours: logged loudly, and the request counts as received now.
  const std::string other_did =
      "/billing/api/did_create?u=admin&did=123456782&provider_id=1&hash=" + sha1("1secret");
  const auto ahead = stack.send(
      fcgi_get(other_did, {}, {{"MORAPI_RECEIVED_AT", msec_from_now(std::chrono::minutes(5))}}));
  BOOST_TEST(ahead.body.find("DID created") != std::string::npos, ahead.body);
  BOOST_TEST(stack.log().find("CLOCK SKEW") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_held_row_answers_within_the_deadline_and_commits_nothing_later) {
  Stack stack(2, {"--request_deadline=3", "--lock_wait_timeout=1"});
  stack.get(new_card_uri("10"));
  const std::string card_id =
      stack.scalar("SELECT id FROM cards WHERE callerid = '" + kNewCardCli + "'");
  // Another session holds the card's row for longer than the deadline.
  std::thread holder([&] {
    stack.exec("START TRANSACTION; SELECT id FROM cards WHERE id = " + card_id +
               " FOR UPDATE; SELECT SLEEP(6); ROLLBACK");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto started = std::chrono::steady_clock::now();
  const auto top_up = stack.get(new_card_uri("5"));
  const auto took = std::chrono::steady_clock::now() - started;
  holder.join();
  // Told it failed (nothing changed) or 503 not-applied, within the deadline and a lock wait.
  BOOST_TEST(took < std::chrono::seconds(5));
  const bool failed = top_up.body.find("Failed to make transaction") != std::string::npos;
  const bool not_applied =
      top_up.status == 503 && top_up.header("X-Morapi-Outcome") == "not-applied";
  BOOST_TEST((failed || not_applied), top_up.status << " " << top_up.body);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "1");
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = " + card_id) ==
             "10.000000000000000");
}

// The deadline is checked right before COMMIT: a batch still inserting when it passes commits
// nothing and says so.
BOOST_AUTO_TEST_CASE(a_batch_that_outlives_its_deadline_commits_nothing) {
  Stack stack(1, {"--batch_deadline=1"});
  const std::string from = "5000000000", till = "5000199999";
  const auto late =
      stack.get("/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=" + from +
                "&cards_till=" + till + "&hash=" + sha1("1" + from + till + "secret"));
  BOOST_TEST(late.status == 503);
  BOOST_TEST(late.header("X-Morapi-Outcome") == "not-applied");
  BOOST_TEST(late.body == page_error("Service unavailable"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "0");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_requests") == "0");
  // No transaction was left open: the batch's is gone or still being rolled back by the server
  // (undoing 200,000 rows outlasts the 1 s statement timeout of this test's batches).
  BOOST_TEST(stack.scalar(
                 "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE "
                 "trx_mysql_thread_id <> CONNECTION_ID() AND trx_state <> 'ROLLING BACK'") == "0");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "0");
}

// A copy that arrives past its deadline runs nothing; when an earlier copy committed, it is told
// what that one did (not "not applied", which would contradict the database).
BOOST_AUTO_TEST_CASE(a_late_copy_of_a_committed_request_gets_its_answer) {
  Stack stack(1, {"--request_deadline=5"});
  const auto late = [](const std::map<std::string, std::string>& headers,
                       std::map<std::string, std::string> params) {
    params["MORAPI_RECEIVED_AT"] = msec_from_now(-std::chrono::seconds(6));
    return fcgi_get(kDidUri, headers, params);
  };
  const auto first = stack.send(fcgi_get(kDidUri, {{"Idempotency-Key", "late-1"}}));
  BOOST_TEST(first.body.find("DID created") != std::string::npos, first.body);
  BOOST_TEST(stack.send(late({{"Idempotency-Key", "late-1"}}, {})).body == first.body);
  // A key nothing was stored under: 503, not applied.
  const auto unknown_key = stack.send(late({{"Idempotency-Key", "late-2"}}, {}));
  BOOST_TEST(unknown_key.status == 503);
  BOOST_TEST(unknown_key.header("X-Morapi-Outcome") == "not-applied");
  // nginx re-sent a request after a timeout: past its deadline, answered from the ledger.
  const std::string other_did =
      "/billing/api/did_create?u=admin&did=123456783&provider_id=1&hash=" + sha1("1secret");
  const std::map<std::string, std::string> nginx = {
      {"MORAPI_REQUEST_ID", "00000000000000000000000000000001"}};
  const auto sent = stack.send(fcgi_get(other_did, {}, nginx));
  auto resent_request = fcgi_get(other_did, {}, nginx);
  resent_request.extra_params["MORAPI_RECEIVED_AT"] = msec_from_now(-std::chrono::seconds(6));
  BOOST_TEST(stack.send(resent_request).body == sent.body);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "3");
}

// nginx's id names a request together with its caller and parameters: a peer that sends one id
// for different requests gets each of them done, none refused or answered with another's answer.
BOOST_AUTO_TEST_CASE(one_nginx_id_for_different_requests_keeps_them_apart) {
  Stack stack;
  const std::map<std::string, std::string> nginx = {
      {"MORAPI_REQUEST_ID", "00000000000000000000000000000002"}};
  const auto first = stack.send(fcgi_get(kDidUri, {}, nginx));
  BOOST_TEST(first.body.find("DID created") != std::string::npos, first.body);
  const std::string other_did =
      "/billing/api/did_create?u=admin&did=123456784&provider_id=1&hash=" + sha1("1secret");
  const auto second = stack.send(fcgi_get(other_did, {}, nginx));
  BOOST_TEST(second.body.find("DID created") != std::string::npos, second.body);
  BOOST_TEST(second.body != first.body);
  const auto reseller = stack.send(fcgi_get(
      "/billing/api/did_create?u=user&did=123456785&provider_id=1&hash=" + sha1("1secret3"), {},
      nginx));
  BOOST_TEST(reseller.body.find("DID created") != std::string::npos, reseller.body);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_requests") == "3");
}

// Expired ledger rows are purged by the workers (each one when it starts, then about once a
// minute); live ones stay.
BOOST_AUTO_TEST_CASE(expired_ledger_rows_are_purged) {
  Stack stack(1);
  stack.exec(
      "INSERT INTO morapi_requests (id, user_id, request_key, method, fingerprint, answer, "
      "created_at, expires_at) VALUES "
      "(REPEAT('a', 32), 0, 'old', 'cc_by_cli', REPEAT('0', 64), 'x', UTC_TIMESTAMP() - INTERVAL "
      "2 DAY, UTC_TIMESTAMP() - INTERVAL 1 DAY), "
      "(REPEAT('b', 32), 0, 'live', 'cc_by_cli', REPEAT('0', 64), 'y', UTC_TIMESTAMP(), "
      "UTC_TIMESTAMP() + INTERVAL 1 DAY)");
  const auto before = stack.workers();
  stack.server().signal(SIGHUP);  // new workers purge as they start
  BOOST_TEST(wait_until([&] { return stack.scalar("SELECT COUNT(*) FROM morapi_requests") == "1"; },
                        std::chrono::seconds(10)));
  BOOST_TEST(stack.scalar("SELECT request_key FROM morapi_requests") == "live");
  BOOST_TEST(stack.workers() != before);
}
