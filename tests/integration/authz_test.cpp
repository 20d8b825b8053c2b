// The authorization matrix (issue 9, part 3): every role × every method × every object kind
// that is not the caller's (and the caller's own, as the control), generated from the tables in
// authz/tables.cpp, each expected answer derived by authz/rules.cpp from SPEC's rules. Each cell
// asserts the exact body and that no table changed. Then: the matrix over POST (form and JSON
// bodies), the DID switches each way, a reseller's API_Disable_hash_checking and secret are its
// own, a changed password, right, secret or `blocked` is refused within cache_ttl, and an
// idempotency key is its caller's own.
#define BOOST_TEST_MODULE authz
#include <boost/test/unit_test.hpp>

#include <thread>

#include "authz/matrix.hpp"
#include "authz/watch.hpp"
#include "fixture.hpp"

using namespace morapi::testing;
using namespace morapi::testing::authz;
using namespace std::chrono_literals;

namespace {

// The matrix: 12 roles × 21 uses, each use with the caller's own object and (but for the 7 uses
// of a hidden object or the provider's device) the other reseller's, and for the 2 resellers and
// the reseller's user also the admin's.
constexpr size_t kCells = 12 * (14 * 2 + 7) + 3 * 14;

// What a request with a hash the caller's secret did not make gets (SPEC §4: the hash is the
// first check, except that cc_by_cli asks for the login first).
std::string wrong_hash_body(const Cell& cell) {
  if (cell.use.method != Method::cc_by_cli) return page_error("Incorrect hash");
  return status_error(cell.role->kind == Kind::unknown ? "Bad login" : "Incorrect hash");
}

// The cell's request signed with `secret` instead of the role's own.
std::string uri_signed_with(const Cell& cell, const std::string& secret) {
  Role signer = *cell.role;
  signer.secret = secret;
  Cell resigned = cell;
  resigned.role = &signer;
  return request_uri(resigned);
}

}  // namespace

// With morapi's default cache_ttl (5 s), as in production: nothing here changes a user or a
// setting, and one caller's cached copy must never answer for another.
const std::vector<std::string> kProductionCache = {"--cache_ttl=5"};

BOOST_AUTO_TEST_CASE(matrix) {
  Stack stack(2, kProductionCache);
  load_rows(stack);
  const auto all = cells();
  BOOST_TEST(all.size() == kCells);
  BOOST_TEST_MESSAGE("authorization matrix: " << all.size() << " cells");
  Watch watch(stack, true);
  for (const Cell& cell : all) check_cell(watch, cell, request_uri(cell), expected_body(cell));
}

// Authorization does not depend on how the parameters came (SPEC §1): the matrix again with
// every parameter in a POST body, as a form and as JSON, none in the query string.
BOOST_AUTO_TEST_CASE(matrix_over_post) {
  Stack stack(2, kProductionCache);
  load_rows(stack);
  Watch watch(stack, true);
  for (const Cell& cell : cells()) {
    const Params params = request_params(cell);
    const std::string path = method_path(cell.use.method);
    check_cell(
        watch, cell,
        {{"a form body", [&] { return stack.post(path, form_encoded(params)); },
          expected_body(cell)},
         {"a JSON body", [&] { return stack.post(path, json_object(params), "application/json"); },
          expected_body(cell)}});
  }
}

// The two switches of SPEC §2 that decide what a reseller may do with DIDs, each way: the
// did_create cells again under each.
BOOST_AUTO_TEST_CASE(did_switches) {
  Stack stack;
  load_rows(stack);
  Watch watch(stack, true);
  const std::vector<Switches> settings = {{false, "1"}, {true, ""}, {true, "30"}, {false, "30"}};
  for (const Switches& switches : settings) {
    stack.set_setting("Resellers_can_add_their_own_DIDs",
                      switches.resellers_can_add_their_own_dids ? "1" : "0");
    stack.set_setting("DID_default_provider_to_resellers",
                      switches.did_default_provider_to_resellers);
    watch.baseline = stack.rows(watch.query);
    for (const Cell& cell : cells()) {
      if (cell.use.method != Method::did_create) continue;
      BOOST_TEST_CONTEXT("Resellers_can_add_their_own_DIDs="
                         << switches.resellers_can_add_their_own_dids
                         << ", DID_default_provider_to_resellers="
                         << switches.did_default_provider_to_resellers) {
        check_cell(watch, cell, request_uri(cell), expected_body(cell, switches));
      }
    }
  }
}

// API_Disable_hash_checking is read for the owner whose secret applies (SPEC §2): a reseller's
// switches off the check for its own requests and its users' only. Every cell is sent with a
// wrong hash.
BOOST_AUTO_TEST_CASE(a_resellers_disabled_hash_checking_is_its_own) {
  Stack stack;
  load_rows(stack);
  for (const int64_t owner : {3, 20}) {
    stack.exec("DELETE FROM conflines WHERE name = 'API_Disable_hash_checking'");
    stack.set_setting("API_Disable_hash_checking", "1", static_cast<int>(owner));
    // Never a caller, or blocked (so unknown): their switches must change nothing for anyone.
    stack.set_setting("API_Disable_hash_checking", "1", static_cast<int>(kOtherReseller));
    stack.set_setting("API_Disable_hash_checking", "1", 60);
    Watch watch(stack, false);
    for (const Cell& cell : cells()) {
      const bool unchecked = cell.role->kind != Kind::unknown && secret_owner(*cell.role) == owner;
      const std::string uri = uri_signed_with(cell, "not the secret");
      check_cell(watch, cell, uri, unchecked ? expected_body(cell) : wrong_hash_body(cell));
    }
  }
  only_hash_failures_were_logged(stack);
}

// Which secret (SPEC §2): a reseller signs with its own or the owner-0 key, never another
// reseller's; nobody else may use a reseller's key.
BOOST_AUTO_TEST_CASE(a_reseller_cannot_sign_with_another_resellers_secret) {
  Stack stack;
  load_rows(stack);
  Watch watch(stack, false);
  for (const Cell& cell : cells()) {
    // secret60 is the blocked reseller's: unknown, it signs with owner 0's like anyone unknown.
    std::vector<Ask> asks;
    for (const std::string secret : {"secret", "secret3", "secret20", "secret30", "secret60"}) {
      const bool accepted =
          secret == cell.role->secret || (cell.role->kind == Kind::reseller && secret == "secret");
      const std::string uri = uri_signed_with(cell, secret);
      asks.push_back({"signed with " + secret, [&stack, uri] { return stack.get(uri); },
                      accepted ? expected_body(cell) : wrong_hash_body(cell)});
    }
    check_cell(watch, cell, asks);
  }
  only_hash_failures_were_logged(stack);
}

namespace {

constexpr auto kCacheTtl = 1s;
// How late past cache_ttl a refusal may come: a request already running, scheduling.
constexpr auto kSlack = 750ms;

// Polls until `uri` is refused with `refusal`; the time that took. Then, once cache_ttl has
// surely passed, bursts of concurrent requests (so every worker answers) must all be refused.
std::chrono::milliseconds time_to_refusal(Stack& stack, const std::string& uri,
                                          const std::string& refusal) {
  const auto changed = std::chrono::steady_clock::now();
  std::string body;
  while (std::chrono::steady_clock::now() - changed < kCacheTtl + 5s) {
    body = stack.get(uri).body;
    if (body == refusal) break;
    std::this_thread::sleep_for(20ms);
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - changed);
  std::this_thread::sleep_until(changed + kCacheTtl + kSlack);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::string> bodies(8);
    std::vector<std::thread> threads;
    for (auto& answer : bodies) threads.emplace_back([&] { answer = stack.get(uri).body; });
    for (auto& thread : threads) thread.join();
    for (const auto& answer : bodies) BOOST_TEST(answer == refusal);
  }
  return took;
}

// The cell of `role` for `method` on the caller's own first object of that use.
Cell own_cell(const std::string& role_name, Method method) {
  for (const Cell& cell : cells()) {
    if (cell.role->name == role_name && cell.use.method == method &&
        cell.target.owner == cell.role->scope) {
      return cell;
    }
  }
  throw std::logic_error("no such cell");
}

}  // namespace

// A worker may trust its copy of a user for cache_ttl (SPEC §2), no longer.
BOOST_AUTO_TEST_CASE(a_changed_password_or_block_is_refused_within_cache_ttl) {
  Stack stack(2, {"--cache_ttl=" + std::to_string(kCacheTtl.count())});
  load_rows(stack);
  const Cell card = own_cell("reseller with calling_cards", Method::cc_by_cli);
  const Cell device = own_cell("accountant with all rights", Method::cli_add);
  for (const Cell* cell : {&card, &device}) {
    for (int i = 0; i < 8; ++i)
      BOOST_TEST(stack.get(request_uri(*cell)).body == expected_body(*cell));
  }

  stack.exec("UPDATE users SET password = SHA1('changed1') WHERE username = 'user'");
  BOOST_TEST(time_to_refusal(stack, request_uri(card), status_error("Bad login")) <=
             kCacheTtl + kSlack);
  Role renewed = *card.role;
  renewed.password = "changed1";
  Cell with_new_password = card;
  with_new_password.role = &renewed;
  BOOST_TEST(stack.get(request_uri(with_new_password)).body == expected_body(card));

  // A right taken away is a user change like any other (the rights are cached with the user).
  const Cell some_rights = own_cell("accountant with some rights", Method::cli_add);
  BOOST_TEST(stack.get(request_uri(some_rights)).body == expected_body(some_rights));
  stack.exec(
      "DELETE FROM acc_group_rights WHERE acc_group_id = 11 AND acc_right_id = "
      "(SELECT id FROM acc_rights WHERE name = 'device_manage')");
  BOOST_TEST(time_to_refusal(stack, request_uri(some_rights),
                             page_error("You are not authorised to use this functionality")) <=
             kCacheTtl + kSlack);

  stack.exec("UPDATE users SET blocked = 1 WHERE username = 'accountant2'");
  BOOST_TEST(time_to_refusal(stack, request_uri(device), page_error("Access Denied")) <=
             kCacheTtl + kSlack);
  const Cell blocked_card = own_cell("accountant with all rights", Method::cc_by_cli);
  BOOST_TEST(stack.get(request_uri(blocked_card)).body == status_error("Bad login"));

  // A reseller's secret replaced (it leaked): the old one is refused within cache_ttl too.
  const Cell signed_by_reseller = own_cell("reseller with calling_cards", Method::cli_add);
  BOOST_TEST(stack.get(request_uri(signed_by_reseller)).body == expected_body(signed_by_reseller));
  stack.exec(
      "UPDATE conflines SET value = 'rotated3' WHERE name = 'API_Secret_Key' AND owner_id = 3");
  BOOST_TEST(time_to_refusal(stack, request_uri(signed_by_reseller),
                             page_error("Incorrect hash")) <= kCacheTtl + kSlack);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "0");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids WHERE id >= 100") == "0");
}

// Idempotency keys are scoped to the caller (SPEC §5): another caller sending the same key is
// a request of its own, never given the first caller's stored answer (it holds a card's PIN).
BOOST_AUTO_TEST_CASE(an_idempotency_key_is_the_callers_own) {
  Stack stack;
  load_rows(stack);
  // A caller ID seen nowhere: the first request sells it a card of `group`.
  std::string cli = "37088888888";
  std::string group = "3";
  const auto top_up = [&](const std::string& u, const std::string& p, const std::string& secret) {
    return stack
        .get(signed_uri(Method::cc_by_cli,
                        {{"u", u},
                         {"p", p},
                         {"callerid", cli},
                         {"cardgroup_id", group},
                         {"amount", "1"},
                         {"request_id", "the-same-key"}},
                        secret))
        .body;
  };
  const std::string first = top_up("user", "user1", "secret3");
  BOOST_TEST(first.find("<status>ok</status>") != std::string::npos);
  BOOST_TEST(first.find("<callerid>37088888888</callerid>") != std::string::npos);
  BOOST_TEST(top_up("user", "user1", "secret3") == first);
  // The caller ID is now on reseller 3's card: not theirs.
  const std::string not_theirs =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <error>Card was not "
      "found</error>\n</page>\n";
  BOOST_TEST(top_up("other_reseller", "other1", "secret30") == not_theirs);
  BOOST_TEST(top_up("admin", "admin1", "secret") == not_theirs);
  BOOST_TEST(top_up("accountant2", "accountant2", "secret") == not_theirs);
  // Nor is it given again to the caller itself once it may no longer ask: the stored answer
  // comes after the login and access checks (SPEC §5).
  stack.exec("UPDATE acc_group_rights SET value = 1 WHERE acc_group_id = 1");
  BOOST_TEST(top_up("user", "user1", "secret3") == status_error("Access Denied"));
  stack.exec("UPDATE acc_group_rights SET value = 2 WHERE acc_group_id = 1");
  BOOST_TEST(top_up("user", "user1", "secret3") == first);
  stack.exec("UPDATE users SET blocked = 1 WHERE username = 'user'");
  BOOST_TEST(top_up("user", "user1", "secret3") == status_error("Bad login"));

  // Scoped to the user, not its owner: the admin and an accountant both act for owner 0, and
  // the accountant's request with the admin's key tops up the card the admin's sold.
  cli = "37087777777";
  group = "1";
  const std::string admins = top_up("admin", "admin1", "secret");
  BOOST_TEST(admins.find("<balance>1.00</balance>") != std::string::npos);
  const std::string accountants = top_up("accountant2", "accountant2", "secret");
  BOOST_TEST(accountants.find("<balance>2.00</balance>") != std::string::npos);
  BOOST_TEST(top_up("accountant2", "accountant2", "secret") == accountants);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_requests") == "3");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE callerid IN ('37088888888', "
                          "'37087777777')") == "2");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "3");
}
