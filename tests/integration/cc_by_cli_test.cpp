// cc_by_cli (SPEC §4.2) against a real MariaDB and real workers: every message in its check
// order, exact XML and exact rows for each branch (device, card, nowhere; with and without a
// PIN), MOR's test vectors, and the money invariant under many concurrent clients.
#define BOOST_TEST_MODULE cc_by_cli
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>
#include <thread>
#include <utility>

#include "fixture.hpp"

using namespace morapi::testing;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

const std::string kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const std::string kOkPrefix = kDeclaration + "<page>\n  <response>\n    <status>ok</status>\n";
const std::string kOkSuffix = "  </response>\n</page>\n";

// Caller IDs the tests put on devices and cards.
const std::string kUserCli = "37061111111";      // device 2 (user 2, owner 0)
const std::string kResellerCli = "37065555555";  // device 7 (user 5, owner reseller 3)
const std::string kProviderCli = "37060000009";  // device 9 (provider), in the demo data
const std::string kCardCli = "37062222222";      // card 20 (group 1)

// MOR order restricted to what these requests send: pin, amount, callerid, cardgroup_id.
std::string hash_of(const Params& params, const std::string& secret) {
  std::string text;
  for (const std::string name : {"pin", "amount", "callerid", "cardgroup_id"}) {
    for (const auto& [key, value] : params) {
      if (key == name) text += value;
    }
  }
  return sha1(text + secret);
}

// A cc_by_cli GET with exactly these parameters (u and p included), signed with `secret` unless
// the parameters hold their own hash.
std::string request(const Params& params, const std::string& secret = "secret") {
  std::string uri = "/billing/api/cc_by_cli?";
  bool has_hash = false;
  for (const auto& [key, value] : params) {
    uri += key + "=" + percent_encoded(value) + "&";
    has_hash = has_hash || key == "hash";
  }
  if (has_hash) {
    uri.pop_back();
    return uri;
  }
  return uri + "hash=" + hash_of(params, secret);
}

Params as(const std::string& u, const std::string& p, const Params& rest) {
  Params params = {{"u", u}, {"p", p}};
  params.insert(params.end(), rest.begin(), rest.end());
  return params;
}

Params admin(const Params& rest) {
  return as("admin", "admin1", rest);
}

Params reseller(const Params& rest) {
  return as("user", "user1", rest);
}

std::string device_ok(int device, int user, const std::string& balance,
                      const std::string& with_vat) {
  return kOkPrefix + "    <device_id>" + std::to_string(device) + "</device_id>\n    <user_id>" +
         std::to_string(user) + "</user_id>\n    <new_balance>" + balance +
         "</new_balance>\n    <new_balance_with_vat>" + with_vat + "</new_balance_with_vat>\n" +
         kOkSuffix;
}

struct CardBlock {
  std::string id, cardgroup_id, balance, balance_with_vat, callerid, pin, number;
};

std::string card_ok(const CardBlock& c) {
  return kOkPrefix + "    <card>\n      <id>" + c.id + "</id>\n      <cardgroup_id>" +
         c.cardgroup_id + "</cardgroup_id>\n      <balance>" + c.balance +
         "</balance>\n      <balance_with_vat>" + c.balance_with_vat +
         "</balance_with_vat>\n      <callerid>" + c.callerid + "</callerid>\n      <pin>" + c.pin +
         "</pin>\n      <number>" + c.number + "</number>\n    </card>\n" + kOkSuffix;
}

// The card block of a card as the database holds it, with the money shown as given.
std::string card_ok_from_db(Stack& stack, const std::string& id, const std::string& balance,
                            const std::string& with_vat) {
  const auto row = stack.rows(
      "SELECT cardgroup_id, IFNULL(callerid, ''), pin, number FROM cards "
      "WHERE id = " +
      id);
  if (row.size() != 1) return "no card " + id;
  return card_ok({id, row[0][0], balance, with_vat, row[0][1], row[0][2], row[0][3]});
}

void add_device_cli(Stack& stack, const std::string& cli, int device) {
  stack.exec("INSERT INTO callerids (cli, device_id, created_at, updated_at) VALUES ('" + cli +
             "', " + std::to_string(device) + ", NOW(), NOW())");
}

// A card of `group` (owner_id = the group's owner); an empty callerid is NULL.
void add_card(Stack& stack, int id, int group, const std::string& number, const std::string& pin,
              const std::string& balance, const std::string& callerid = "", int sold = 1) {
  stack.exec(
      "INSERT INTO cards (id, cardgroup_id, number, pin, owner_id, balance, sold, callerid) "
      "SELECT " +
      std::to_string(id) + ", id, '" + number + "', '" + pin + "', owner_id, " + balance + ", " +
      std::to_string(sold) + ", " +
      (callerid.empty() ? std::string("NULL") : "'" + callerid + "'") +
      " FROM cardgroups WHERE id = " + std::to_string(group));
}

void add_group(Stack& stack, int id, int owner, int number_length, int pin_length, int tax_id = 1,
               const std::string& currency = "", int hidden = 0) {
  stack.exec(
      "INSERT INTO cardgroups (id, name, tariff_id, number_length, pin_length, owner_id, "
      "tax_id, tell_balance_in_currency, hidden) VALUES (" +
      std::to_string(id) + ", 'Group " + std::to_string(id) + "', 3, " +
      std::to_string(number_length) + ", " + std::to_string(pin_length) + ", " +
      std::to_string(owner) + ", " + std::to_string(tax_id) + ", '" + currency + "', " +
      std::to_string(hidden) + ")");
}

// Taxes row 2: 21% VAT, not compound. Row 3: 10% + 10%, compound.
void add_taxes(Stack& stack) {
  stack.exec(
      "INSERT INTO taxes (id, tax1_enabled, tax1_name, tax1_value, total_tax_name, compound_tax) "
      "VALUES (2, 1, 'VAT', 21, 'VAT', 0); "
      "INSERT INTO taxes (id, tax1_enabled, tax2_enabled, tax1_name, tax2_name, tax1_value, "
      "tax2_value, total_tax_name, compound_tax) VALUES (3, 1, 1, 'A', 'B', 10, 10, 'AB', 1)");
}

// Everything a request could change: balances, cards, and the payments and actions (other than
// the 'API : Incorrect hash' rows) it would write.
Rows state(Stack& stack) {
  Rows all = stack.rows("SELECT 'user', id, balance FROM users ORDER BY id");
  for (auto& row : stack.rows("SELECT 'card', id, cardgroup_id, balance, callerid, sold, pin, "
                              "number, owner_id FROM cards ORDER BY id")) {
    all.push_back(row);
  }
  all.push_back({"payments", stack.scalar("SELECT COUNT(*) FROM payments")});
  all.push_back({"actions", stack.scalar("SELECT COUNT(*) FROM actions WHERE action <> 'error'")});
  return all;
}

// cc_by_cli's error shapes (SPEC §4.2): the checks MOR runs before the method (login, hash,
// access) answer like the common checks, everything the method finds itself inside <page>.
std::string cc_error(const std::string& message) {
  if (message == "Bad login" || message == "Incorrect hash" || message == "Access Denied") {
    return status_error(message);
  }
  return kDeclaration + "<page>\n  <error>" + message + "</error>\n</page>\n";
}

// Sends each request and checks it answers `message` and changes nothing.
double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

void expect_error(Stack& stack, const std::vector<std::string>& uris, const std::string& message) {
  const Rows before = state(stack);
  for (const auto& uri : uris) {
    const auto response = stack.get(uri);
    BOOST_TEST(response.status == 200, uri);
    BOOST_TEST(response.body == cc_error(message), uri);
  }
  BOOST_TEST(state(stack) == before);
}

}  // namespace

// --- the checks before any money moves ------------------------------------------------------

BOOST_AUTO_TEST_CASE(bad_login) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  const Params top_up = {{"callerid", kUserCli}, {"amount", "10"}};
  auto with = [&](const Params& login) {
    Params params = login;
    params.insert(params.end(), top_up.begin(), top_up.end());
    return request(params);
  };
  expect_error(
      stack,
      {with({{"p", "admin1"}}), with({{"u", ""}, {"p", "admin1"}}),
       with({{"u", "nobody"}, {"p", "admin1"}}), with({{"u", "admin"}}),
       with({{"u", "admin"}, {"p", ""}}), with({{"u", "admin"}, {"p", "admin2"}}),
       with({{"u", "admin"}, {"p", "ADMIN1"}}),
       // The stored SHA1 is not the password.
       with({{"u", "admin"}, {"p", sha1("admin1")}}),
       // Bad login comes before the hash.
       request(
           admin({{"p", "x"}, {"callerid", kUserCli}, {"amount", "10"}, {"hash", sha1("nope")}}))},
      "Bad login");
  // A blocked user is unknown, whatever its password and hash.
  stack.exec("UPDATE users SET blocked = 1 WHERE id = 3");
  expect_error(stack, {request(reseller(top_up), "secret3"), request(reseller(top_up))},
               "Bad login");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions") == "0");  // not a hash failure
  // The right login goes through.
  BOOST_TEST(stack.get(request(admin(top_up))).body == device_ok(2, 2, "10.00", "10.00"));
}

BOOST_AUTO_TEST_CASE(incorrect_hash) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  const std::string base =
      "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=" + kUserCli + "&amount=10&hash=";
  const std::string right = sha1("10" + kUserCli + "secret");
  expect_error(stack,
               {base + sha1(kUserCli + "10secret"),                  // callerid before amount
                base + sha1("adminadmin110" + kUserCli + "secret"),  // u and p never count
                base + sha1("10" + kUserCli + "secret3"),  // the reseller's secret, for admin
                base + sha1("10" + kUserCli),              // no secret
                base + right.substr(0, 38), base + right + "0",
                base + std::string(right.size(), 'A'), base, base.substr(0, base.size() - 6)},
               "Incorrect hash");
  // Uppercase is wrong too.
  std::string upper = right;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper != right) expect_error(stack, {base + upper}, "Incorrect hash");
  // A parameter the hash did not cover (cardgroup_id is signed even where unused).
  expect_error(stack, {base + right + "&cardgroup_id=1"}, "Incorrect hash");

  BOOST_TEST(stack.get(base + right).body == device_ok(2, 2, "10.00", "10.00"));
  // The reseller signs with its own secret or the system one.
  const Params group3 = {{"callerid", "5001"}, {"amount", "1"}, {"cardgroup_id", "3"}};
  BOOST_TEST(stack.get(request(reseller(group3), "secret3")).body.find(kOkPrefix) == 0);
  const Params again = {{"callerid", "5001"}, {"amount", "2"}};
  BOOST_TEST(stack.get(request(reseller(again), "secret")).body.find(kOkPrefix) == 0);
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE callerid = '5001'") ==
             "3.000000000000000");
  // With checking disabled the hash is not needed.
  stack.set_setting("API_Disable_hash_checking", "1");
  BOOST_TEST(stack.get("/billing/api/cc_by_cli?u=admin&p=admin1&callerid=" + kUserCli + "&amount=1")
                 .body == device_ok(2, 2, "11.00", "11.00"));
}

BOOST_AUTO_TEST_CASE(access_denied) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  add_device_cli(stack, kResellerCli, 7);
  const Params top_up = {{"callerid", kUserCli}, {"amount", "10"}};
  const Params reseller_top_up = {{"callerid", kResellerCli}, {"amount", "10"}};
  expect_error(stack,
               {request(as("user_admin", "user_admin1", top_up)),
                request(as("user_reseller", "user_reseller1", reseller_top_up), "secret3"),
                request(as("accountant", "accountant1", top_up))},
               "Access Denied");
  // The hash is checked first.
  expect_error(stack, {request(as("user_admin", "user_admin1", top_up), "wrong")},
               "Incorrect hash");
  // The accountant with callingcard_manage acts for owner 0.
  BOOST_TEST(stack.get(request(as("accountant2", "accountant2", top_up))).body ==
             device_ok(2, 2, "10.00", "10.00"));
  // The reseller with calling_cards write works; read only or no row is denied.
  BOOST_TEST(stack.get(request(reseller(reseller_top_up), "secret3")).body ==
             device_ok(7, 5, "10.00", "10.00"));
  stack.exec("UPDATE acc_group_rights SET value = 1 WHERE id = 1");
  expect_error(stack, {request(reseller(reseller_top_up), "secret3")}, "Access Denied");
  stack.exec("DELETE FROM acc_group_rights WHERE id = 1");
  expect_error(stack, {request(reseller(reseller_top_up), "secret3")}, "Access Denied");
}

BOOST_AUTO_TEST_CASE(callerid_must_be_specified) {
  Stack stack;
  expect_error(stack,
               {request(admin({{"amount", "10"}, {"cardgroup_id", "1"}})),
                request(admin({{"callerid", ""}, {"amount", "10"}, {"cardgroup_id", "1"}}))},
               "Callerid must be specified");
  // Access is checked before the caller ID.
  expect_error(stack, {request(as("user_admin", "user_admin1", {{"amount", "10"}}))},
               "Access Denied");
}

// --- caller ID on a device ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(device_top_up_net_of_the_users_vat) {
  Stack stack;
  add_taxes(stack);
  add_device_cli(stack, kUserCli, 2);
  stack.exec("UPDATE users SET tax_id = 2 WHERE id = 2");
  // A card with the same caller ID: the device wins, the card stays as it is.
  add_card(stack, 20, 1, "1000000020", "20202020", "5", kUserCli);
  const auto response = stack.get(request(admin({{"callerid", kUserCli}, {"amount", "100"}})));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == kDeclaration +
                                  "<page>\n  <response>\n    <status>ok</status>\n"
                                  "    <device_id>2</device_id>\n    <user_id>2</user_id>\n"
                                  "    <new_balance>82.64</new_balance>\n"
                                  "    <new_balance_with_vat>100.00</new_balance_with_vat>\n"
                                  "  </response>\n</page>\n");
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "82.644628099173554");
  BOOST_TEST(stack.rows("SELECT paymenttype, amount, currency, completed, user_id, owner_id, card, "
                        "tax FROM payments") == (Rows{{"card_refill", "82.644628099173554", "USD",
                                                       "1", "2", "0", "0", "0.000000000000000"}}));
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = 20") == "5.000000000000000");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions") == "0");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "1");

  // A second top-up adds to it; the payment is the change, not the new balance.
  BOOST_TEST(stack.get(request(admin({{"callerid", kUserCli}, {"amount", "12.1"}}))).body ==
             device_ok(2, 2, "92.64", "112.10"));
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "92.644628099173554");
  BOOST_TEST(stack.scalar("SELECT amount FROM payments ORDER BY id DESC LIMIT 1") ==
             "10.000000000000000");
}

BOOST_AUTO_TEST_CASE(device_of_a_provider_or_of_another_owner) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  add_device_cli(stack, kResellerCli, 7);
  add_card(stack, 10, 1, "1000000010", "10101010", "5");
  const Params provider = {{"callerid", kProviderCli}, {"amount", "10"}};
  expect_error(stack,
               {request(admin(provider)), request(reseller(provider), "secret3"),
                request(admin({{"callerid", kProviderCli}, {"pin", "10101010"}}))},
               "Callerid belongs to provider");
  const std::string no_permission =
      "Device allready have such callerid, but you do not have permission to change user's "
      "balance";
  expect_error(
      stack,
      {request(admin({{"callerid", kResellerCli}, {"amount", "10"}})),
       request(as("accountant2", "accountant2", {{"callerid", kResellerCli}, {"amount", "10"}})),
       request(admin({{"callerid", kResellerCli}, {"pin", "10101010"}})),
       request(reseller({{"callerid", kUserCli}, {"amount", "10"}}), "secret3")},
      no_permission);
  // No LIKE: a part of a device's caller ID is a caller ID nowhere.
  const auto response = stack.get(
      request(admin({{"callerid", "3706000000"}, {"amount", "1"}, {"cardgroup_id", "1"}})));
  BOOST_TEST(response.body.find(kOkPrefix + "    <card>\n") == 0);
  const auto wildcard =
      stack.get(request(admin({{"callerid", "%"}, {"amount", "1"}, {"cardgroup_id", "1"}})));
  BOOST_TEST(wildcard.body.find(kOkPrefix + "    <card>\n") == 0);
  BOOST_TEST(stack.rows("SELECT callerid, balance FROM cards WHERE callerid IS NOT NULL "
                        "ORDER BY callerid") ==
             (Rows{{"%", "1.000000000000000"}, {"3706000000", "1.000000000000000"}}));
  BOOST_TEST(stack.scalar("SELECT SUM(balance) FROM users") == "0.000000000000000");
}

BOOST_AUTO_TEST_CASE(invalid_amounts) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  add_card(stack, 20, 1, "1000000020", "20202020", "10", kCardCli);
  add_group(stack, 5, 0, 10, 8);
  const std::vector<std::string> bad = {
      "-5",    "0", "0.00", "abc",   "1e5",
      "1.2.3", "",  "+5",   " 5",    "5 ",
      "0x10",  ".", "1,5",  "-0.01", "1.0000000000000001" /* 16 decimals */};
  std::vector<std::string> uris;
  for (const auto& amount : bad) {
    uris.push_back(request(admin({{"callerid", kUserCli}, {"amount", amount}})));
    uris.push_back(request(admin({{"callerid", kCardCli}, {"amount", amount}})));
    uris.push_back(
        request(admin({{"callerid", kCardCli}, {"amount", amount}, {"cardgroup_id", "5"}})));
    uris.push_back(
        request(admin({{"callerid", "4001"}, {"amount", amount}, {"cardgroup_id", "1"}})));
  }
  // No amount at all.
  uris.push_back(request(admin({{"callerid", kUserCli}})));
  uris.push_back(request(admin({{"callerid", kCardCli}})));
  uris.push_back(request(admin({{"callerid", "4001"}, {"cardgroup_id", "1"}})));
  expect_error(stack, uris, "Invalid amount");

  // 15 decimals are allowed.
  BOOST_TEST(
      stack.get(request(admin({{"callerid", kUserCli}, {"amount", "0.000000000000001"}}))).body ==
      device_ok(2, 2, "0.00", "0.00"));
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "0.000000000000001");
}

BOOST_AUTO_TEST_CASE(pin_card_onto_a_device) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  add_device_cli(stack, kResellerCli, 7);
  add_card(stack, 10, 1, "1000000010", "10101010", "7.5");
  add_card(stack, 11, 3, "1000000011", "111111", "3");  // the reseller's
  add_card(stack, 12, 1, "1000000012", "12121212", "0");
  stack.exec("UPDATE users SET balance = 1 WHERE id = 2");

  // The amount is ignored, even when it is not a valid one.
  const auto response =
      stack.get(request(admin({{"callerid", kUserCli}, {"pin", "10101010"}, {"amount", "abc"}})));
  BOOST_TEST(response.body == device_ok(2, 2, "8.50", "8.50"));
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "8.500000000000000");
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = 10") == "0.000000000000000");
  BOOST_TEST(stack.rows("SELECT paymenttype, amount, currency, completed, user_id, owner_id, card "
                        "FROM payments ORDER BY paymenttype") ==
             (Rows{{"Card", "-7.500000000000000", "USD", "1", "10", "0", "1"},
                   {"card_refill", "7.500000000000000", "USD", "1", "2", "0", "0"}}));
  BOOST_TEST(stack.rows("SELECT user_id, action, data, target_type, target_id FROM actions") ==
             (Rows{{"0", "Added to cards balance", "-7.50", "card", "10"}}));

  expect_error(stack,
               {request(admin({{"callerid", kUserCli}, {"pin", "10101010"}})),
                request(admin({{"callerid", kUserCli}, {"pin", "12121212"}}))},
               "PIN number balance is zero");
  expect_error(stack,
               {request(admin({{"callerid", kUserCli}, {"pin", "99999999"}})),
                request(admin({{"callerid", kUserCli}, {"pin", "111111"}})),
                request(admin({{"callerid", kUserCli}, {"pin", "1010101"}}))},
               "PIN number not found");
  // The reseller's own PIN card onto its user's device.
  BOOST_TEST(
      stack.get(request(reseller({{"callerid", kResellerCli}, {"pin", "111111"}}), "secret3"))
          .body == device_ok(7, 5, "3.00", "3.00"));
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = 11") == "0.000000000000000");
  BOOST_TEST(stack.rows("SELECT user_id, action, data, target_id FROM actions ORDER BY id DESC "
                        "LIMIT 1") == (Rows{{"3", "Added to cards balance", "-3.00", "11"}}));
}

// --- caller ID on a card ----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(card_top_up_net_of_the_groups_vat) {
  Stack stack;
  add_taxes(stack);
  stack.exec("UPDATE cardgroups SET tax_id = 2 WHERE id = 1");
  add_card(stack, 20, 1, "1000000020", "20202020", "10", kCardCli);
  const auto response = stack.get(request(admin({{"callerid", kCardCli}, {"amount", "121"}})));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == kDeclaration +
                                  "<page>\n  <response>\n    <status>ok</status>\n    <card>\n"
                                  "      <id>20</id>\n      <cardgroup_id>1</cardgroup_id>\n"
                                  "      <balance>110.00</balance>\n"
                                  "      <balance_with_vat>133.10</balance_with_vat>\n"
                                  "      <callerid>37062222222</callerid>\n"
                                  "      <pin>20202020</pin>\n"
                                  "      <number>1000000020</number>\n    </card>\n"
                                  "  </response>\n</page>\n");
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = 20") == "110.000000000000000");
  BOOST_TEST(
      stack.rows("SELECT paymenttype, amount, tax, currency, completed, user_id, owner_id, "
                 "card FROM payments") ==
      (Rows{{"Card", "100.000000000000000", "21.000000000000000", "USD", "1", "20", "0", "1"}}));
  BOOST_TEST(stack.rows("SELECT user_id, action, data, target_type, target_id FROM actions") ==
             (Rows{{"0", "Added to cards balance", "100.00", "card", "20"}}));
  // cardgroup_id naming the card's own group: the same top-up.
  BOOST_TEST(
      stack.get(request(admin({{"callerid", kCardCli}, {"amount", "12.1"}, {"cardgroup_id", "1"}})))
          .body == card_ok({"20", "1", "120.00", "145.20", kCardCli, "20202020", "1000000020"}));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "1");
  BOOST_TEST(stack.scalar("SELECT SUM(balance) FROM users") == "0.000000000000000");

  // Exact decimals: the smallest amount on a large balance is not lost.
  stack.exec("UPDATE cardgroups SET tax_id = 1 WHERE id = 1");
  add_card(stack, 21, 1, "1000000021", "21212121", "1000", "37062222223");
  BOOST_TEST(
      stack.get(request(admin({{"callerid", "37062222223"}, {"amount", "0.000000000000001"}})))
          .body ==
      card_ok({"21", "1", "1000.00", "1000.00", "37062222223", "21212121", "1000000021"}));
  BOOST_TEST(stack.scalar("SELECT amount FROM payments ORDER BY id DESC LIMIT 1") ==
             "0.000000000000001");
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = 21") == "1000.000000000000001");
}

BOOST_AUTO_TEST_CASE(money_is_shown_rounded_half_up) {
  Stack stack;
  add_card(stack, 20, 1, "1000000020", "20202020", "2.665", kCardCli);
  // 2.675 is 2.67499999... as a double: exact decimals round it up.
  BOOST_TEST(stack.get(request(admin({{"callerid", kCardCli}, {"amount", "0.01"}}))).body ==
             card_ok({"20", "1", "2.68", "2.68", kCardCli, "20202020", "1000000020"}));
  BOOST_TEST(stack.get(request(admin({{"callerid", kCardCli}, {"amount", "0.0004"}}))).body ==
             card_ok({"20", "1", "2.68", "2.68", kCardCli, "20202020", "1000000020"}));
  stack.set_setting("Nice_Number_Digits", "3");
  // 2.6754 + 0.0001 = 2.6755 -> 2.676
  BOOST_TEST(stack.get(request(admin({{"callerid", kCardCli}, {"amount", "0.0001"}}))).body ==
             card_ok({"20", "1", "2.676", "2.676", kCardCli, "20202020", "1000000020"}));
  BOOST_TEST(stack.rows("SELECT data FROM actions ORDER BY id") ==
             (Rows{{"0.01"}, {"0.00"}, {"0.000"}}));
  stack.set_setting("Nice_Number_Digits", "0");
  BOOST_TEST(stack.get(request(admin({{"callerid", kCardCli}, {"amount", "0.3245"}}))).body ==
             card_ok({"20", "1", "3", "3", kCardCli, "20202020", "1000000020"}));
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = 20") == "3.000000000000000");
}

BOOST_AUTO_TEST_CASE(card_errors) {
  Stack stack;
  add_group(stack, 5, 0, 10, 8);
  add_group(stack, 6, 0, 10, 8, 1, "", 1);  // hidden
  add_card(stack, 20, 1, "1000000020", "20202020", "10", kCardCli);
  add_card(stack, 21, 3, "1000000021", "212121", "10", "37063333333");  // the reseller's
  add_card(stack, 22, 1, "1000000022", "22222222", "4");
  expect_error(
      stack,
      {request(admin({{"callerid", "37063333333"}, {"amount", "1"}})),
       request(admin({{"callerid", "37063333333"}, {"amount", "1"}, {"cardgroup_id", "1"}})),
       request(admin({{"callerid", "37063333333"}, {"pin", "22222222"}})),
       request(reseller({{"callerid", kCardCli}, {"amount", "1"}}), "secret3")},
      "Card was not found");
  std::vector<std::string> uris;
  for (const std::string group : {"99", "3", "6", "", "abc", "5x", "-5", "0"}) {
    uris.push_back(
        request(admin({{"callerid", kCardCli}, {"amount", "1"}, {"cardgroup_id", group}})));
  }
  expect_error(stack, uris, "Supplied Cardgroup_id is invalid");
}

BOOST_AUTO_TEST_CASE(card_moves_to_another_group) {
  Stack stack;
  add_group(stack, 5, 0, 12, 7);
  add_card(stack, 20, 1, "1000000020", "20202020", "10", kCardCli);
  const auto response = stack.get(
      request(admin({{"callerid", kCardCli}, {"amount", "5.25"}, {"cardgroup_id", "5"}})));
  const std::string new_id =
      stack.scalar("SELECT id FROM cards WHERE callerid = '" + kCardCli + "'");
  BOOST_TEST(new_id != "20");
  BOOST_TEST(response.body == card_ok_from_db(stack, new_id, "15.25", "15.25"));
  BOOST_TEST(stack.rows("SELECT cardgroup_id, balance, sold, callerid, owner_id, "
                        "number REGEXP '^[0-9]{12}$', pin REGEXP '^[0-9]{7}$' FROM cards "
                        "ORDER BY id") ==
             (Rows{{"1", "0.000000000000000", "0", "NULL", "0", "0", "0"},
                   {"5", "15.250000000000000", "1", kCardCli, "0", "1", "1"}}));
  const std::string payment_id = stack.scalar("SELECT MAX(id) FROM payments");
  BOOST_TEST(stack.rows("SELECT paymenttype, amount, user_id, card, owner_id, completed, currency "
                        "FROM payments ORDER BY id") ==
             (Rows{{"Card", "-10.000000000000000", "20", "1", "0", "1", "USD"},
                   {"Card", "15.250000000000000", new_id, "1", "0", "1", "USD"}}));
  BOOST_TEST(stack.rows("SELECT user_id, action, data, CAST(data2 AS DECIMAL(30,15)), data3, "
                        "target_type, target_id FROM actions ORDER BY id") ==
             (Rows{{"0", "Added to cards balance", "-10.00", "NULL", "NULL", "card", "20"},
                   {"0", "card_payment_created", new_id, "15.250000000000000", "USD", "Payment",
                    payment_id}}));

  // And back: a third card; the second is emptied in turn.
  const auto back =
      stack.get(request(admin({{"callerid", kCardCli}, {"amount", "1"}, {"cardgroup_id", "1"}})));
  const std::string third =
      stack.scalar("SELECT id FROM cards WHERE callerid = '" + kCardCli + "'");
  BOOST_TEST(back.body == card_ok_from_db(stack, third, "16.25", "16.25"));
  BOOST_TEST(stack.rows("SELECT cardgroup_id, balance, sold FROM cards WHERE id = " + third) ==
             (Rows{{"1", "16.250000000000000", "1"}}));
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = " + new_id) == "0.000000000000000");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE callerid IS NOT NULL") == "1");
  // Ledger per card.
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards c WHERE c.balance <> (CASE WHEN c.id = 20 "
                          "THEN 10 ELSE 0 END) + (SELECT COALESCE(SUM(amount), 0) FROM payments p "
                          "WHERE p.paymenttype = 'Card' AND p.card = 1 AND p.user_id = c.id)") ==
             "0");
}

BOOST_AUTO_TEST_CASE(pin_card_onto_a_card) {
  Stack stack;
  add_group(stack, 5, 0, 10, 7);
  add_card(stack, 20, 1, "1000000020", "20202020", "10", kCardCli);
  add_card(stack, 30, 5, "1000000030", "3030303", "2.5");
  add_card(stack, 31, 3, "1000000031", "313131", "9");  // the reseller's
  const auto response =
      stack.get(request(admin({{"callerid", kCardCli}, {"pin", "3030303"}, {"amount", "abc"}})));
  BOOST_TEST(response.body ==
             card_ok({"20", "1", "12.50", "12.50", kCardCli, "20202020", "1000000020"}));
  BOOST_TEST(stack.rows("SELECT id, balance, IFNULL(callerid, '-') FROM cards ORDER BY id") ==
             (Rows{{"20", "12.500000000000000", kCardCli},
                   {"30", "0.000000000000000", "-"},
                   {"31", "9.000000000000000", "-"}}));
  BOOST_TEST(
      stack.rows("SELECT paymenttype, amount, user_id, card FROM payments ORDER BY amount") ==
      (Rows{{"Card", "-2.500000000000000", "30", "1"}, {"Card", "2.500000000000000", "20", "1"}}));
  BOOST_TEST(stack.rows("SELECT action, data, target_type, target_id FROM actions ORDER BY "
                        "target_id") == (Rows{{"Added to cards balance", "2.50", "card", "20"},
                                              {"Added to cards balance", "-2.50", "card", "30"}}));
  expect_error(stack, {request(admin({{"callerid", kCardCli}, {"pin", "3030303"}}))},
               "PIN number balance is zero");
  expect_error(stack,
               {request(admin({{"callerid", kCardCli}, {"pin", "20202020"}})),  // its own PIN
                request(admin({{"callerid", kCardCli}, {"pin", "313131"}})),
                request(admin({{"callerid", kCardCli}, {"pin", "00000000"}}))},
               "PIN number not found");
}

// --- caller ID nowhere ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(new_card_for_a_new_callerid) {
  Stack stack;
  add_taxes(stack);
  stack.exec(
      "INSERT INTO currencies (id, name, full_name, exchange_rate) VALUES "
      "(2, 'EUR', 'Euro', 0.5)");
  add_group(stack, 5, 0, 12, 7, 1, "EUR");
  add_group(stack, 6, 0, 10, 8, 1, "", 1);  // hidden
  add_group(stack, 7, 0, 10, 9, 3);         // compound 10% + 10%
  std::vector<std::string> uris;
  for (const std::string group : {"99", "3", "6", "", "abc"}) {
    uris.push_back(
        request(admin({{"callerid", "4001"}, {"amount", "10"}, {"cardgroup_id", group}})));
  }
  uris.push_back(request(admin({{"callerid", "4001"}, {"amount", "10"}})));
  expect_error(stack, uris, "Supplied Cardgroup_id is invalid");

  // 10 EUR at 0.5 EUR per USD: 20 USD.
  const auto response =
      stack.get(request(admin({{"callerid", "4001"}, {"amount", "10"}, {"cardgroup_id", "5"}})));
  const std::string id = stack.scalar("SELECT id FROM cards WHERE callerid = '4001'");
  BOOST_TEST(response.body == card_ok_from_db(stack, id, "20.00", "20.00"));
  BOOST_TEST(stack.rows("SELECT cardgroup_id, balance, sold, owner_id, number REGEXP "
                        "'^[0-9]{12}$', pin REGEXP '^[0-9]{7}$' FROM cards WHERE id = " +
                        id) == (Rows{{"5", "20.000000000000000", "1", "0", "1", "1"}}));
  const std::string payment_id = stack.scalar("SELECT MAX(id) FROM payments");
  BOOST_TEST(stack.rows("SELECT paymenttype, amount, tax, user_id, card, owner_id, completed, "
                        "currency FROM payments") ==
             (Rows{{"Card", "20.000000000000000", "0.000000000000000", id, "1", "0", "1", "USD"}}));
  BOOST_TEST(stack.rows("SELECT user_id, action, data, CAST(data2 AS DECIMAL(30,15)), data3, "
                        "target_type, target_id FROM actions") ==
             (Rows{{"0", "card_payment_created", id, "20.000000000000000", "USD", "Payment",
                    payment_id}}));

  // Compound VAT: 121 / 1.1 / 1.1 = 100.
  const auto compound =
      stack.get(request(admin({{"callerid", "4002"}, {"amount", "121"}, {"cardgroup_id", "7"}})));
  const std::string id2 = stack.scalar("SELECT id FROM cards WHERE callerid = '4002'");
  BOOST_TEST(compound.body == card_ok_from_db(stack, id2, "100.00", "121.00"));
  BOOST_TEST(stack.rows("SELECT balance, pin REGEXP '^[0-9]{9}$' FROM cards WHERE id = " + id2) ==
             (Rows{{"100.000000000000000", "1"}}));
  BOOST_TEST(stack.scalar("SELECT tax FROM payments ORDER BY id DESC LIMIT 1") ==
             "21.000000000000000");
  // The new card's caller ID is found from now on: a top-up, no third card.
  BOOST_TEST(stack.get(request(admin({{"callerid", "4001"}, {"amount", "1"}}))).body ==
             card_ok_from_db(stack, id, "22.00", "22.00"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "2");
}

BOOST_AUTO_TEST_CASE(pin_card_takes_a_new_callerid) {
  Stack stack;
  add_card(stack, 40, 1, "1000000040", "40404040", "4", "", 0);
  add_card(stack, 41, 1, "1000000041", "41414141", "0", "", 0);
  add_card(stack, 42, 3, "1000000042", "424242", "5", "", 0);  // the reseller's
  const auto response = stack.get(request(admin({{"callerid", "5001"}, {"pin", "40404040"}})));
  BOOST_TEST(response.body ==
             card_ok({"40", "1", "4.00", "4.00", "5001", "40404040", "1000000040"}));
  BOOST_TEST(stack.rows("SELECT balance, sold, callerid FROM cards WHERE id = 40") ==
             (Rows{{"4.000000000000000", "1", "5001"}}));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "0");
  expect_error(stack, {request(admin({{"callerid", "5002"}, {"pin", "41414141"}}))},
               "PIN number balance is zero");
  expect_error(
      stack,
      {request(admin({{"callerid", "5002"}, {"pin", "424242"}})),
       request(admin(
           {{"callerid", "5002"}, {"pin", "00000000"}, {"cardgroup_id", "1"}, {"amount", "1"}}))},
      "PIN number not found");
}

BOOST_AUTO_TEST_CASE(callerid_too_long_for_a_card_changes_nothing) {
  Stack stack;
  const std::string long_cli(31, '7');
  const Rows before = state(stack);
  const auto response =
      stack.get(request(admin({{"callerid", long_cli}, {"amount", "1"}, {"cardgroup_id", "1"}})));
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body == cc_error("Failed to make transaction"));
  BOOST_TEST(state(stack) == before);
}

// --- MOR's vectors, reseller -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(mor_reference_vectors) {
  Stack stack;
  stack.set_setting("API_Secret_Key", "123456");
  const std::string base = "/billing/api/cc_by_cli?u=admin&p=admin1&";
  const std::string vector1 =
      "cardgroup_id=1&callerid=4444&amount=100&hash=d703d39e26dd770b614d3e0786373aecb4378fa3";
  const auto first = stack.get(base + vector1);
  const std::string id = stack.scalar("SELECT id FROM cards WHERE callerid = '4444'");
  BOOST_TEST(first.body == card_ok_from_db(stack, id, "100.00", "100.00"));
  BOOST_TEST(stack.rows("SELECT cardgroup_id, sold FROM cards WHERE id = " + id) ==
             (Rows{{"1", "1"}}));
  BOOST_TEST(stack.get(base + vector1).body == card_ok_from_db(stack, id, "200.00", "200.00"));

  add_card(stack, 90, 1, "1000000090", "7856", "5");
  BOOST_TEST(stack
                 .get(base + "cardgroup_id=1&callerid=4444&amount=100&pin=7856&"
                             "hash=118f394ea0b031da71270d528fdfd7464e24d799")
                 .body == card_ok_from_db(stack, id, "205.00", "205.00"));
  add_card(stack, 91, 1, "1000000091", "6930", "20.17", "", 0);
  BOOST_TEST(stack
                 .get(base + "cardgroup_id=1&callerid=6666&amount=150&pin=6930&"
                             "hash=259336c380436060303905c3fd69593a3753c102")
                 .body == card_ok({"91", "1", "20.17", "20.17", "6666", "6930", "1000000091"}));
  const std::string vector3 =
      "cardgroup_id=3&callerid=5555&amount=300&hash=b0faeac147951820a747b35fbccba653cda876d1";
  expect_error(stack,
               {base + vector3, base + "cardgroup_id=4&callerid=09090909&amount=55&"
                                       "hash=6def0e9d462c376f47f31ab231447263da3c9843"},
               "Supplied Cardgroup_id is invalid");
  // The reseller accepts the system secret: group 3 is its own.
  const auto reseller_card = stack.get("/billing/api/cc_by_cli?u=user&p=user1&" + vector3);
  const std::string id3 = stack.scalar("SELECT id FROM cards WHERE callerid = '5555'");
  BOOST_TEST(reseller_card.body == card_ok_from_db(stack, id3, "300.00", "300.00"));
  BOOST_TEST(stack.rows("SELECT cardgroup_id, owner_id FROM cards WHERE id = " + id3) ==
             (Rows{{"3", "3"}}));
  expect_error(stack, {"/billing/api/cc_by_cli?u=admin&p=admin&" + vector1}, "Bad login");
  expect_error(stack, {base + "hash=&cardgroup_id=1&callerid=4444&amount=100"}, "Incorrect hash");
}

BOOST_AUTO_TEST_CASE(reseller_works_in_its_own_groups) {
  Stack stack;
  add_device_cli(stack, kResellerCli, 7);
  add_card(stack, 20, 1, "1000000020", "20202020", "10");
  const auto response = stack.get(
      request(reseller({{"callerid", "6001"}, {"amount", "7"}, {"cardgroup_id", "3"}}), "secret3"));
  const std::string id = stack.scalar("SELECT id FROM cards WHERE callerid = '6001'");
  BOOST_TEST(response.body == card_ok_from_db(stack, id, "7.00", "7.00"));
  BOOST_TEST(stack.rows("SELECT cardgroup_id, owner_id, pin REGEXP '^[0-9]{6}$' FROM cards "
                        "WHERE id = " +
                        id) == (Rows{{"3", "3", "1"}}));
  BOOST_TEST(stack.rows("SELECT user_id, action FROM actions") ==
             (Rows{{"3", "card_payment_created"}}));
  BOOST_TEST(stack.scalar("SELECT owner_id FROM payments") == "3");
  expect_error(
      stack,
      {request(reseller({{"callerid", "6002"}, {"amount", "7"}, {"cardgroup_id", "1"}}), "secret3"),
       request(reseller({{"callerid", "6001"}, {"amount", "7"}, {"cardgroup_id", "1"}}),
               "secret3")},
      "Supplied Cardgroup_id is invalid");
  expect_error(stack,
               {request(reseller({{"callerid", kResellerCli}, {"pin", "20202020"}}), "secret3"),
                request(reseller({{"callerid", "6001"}, {"pin", "20202020"}}), "secret3")},
               "PIN number not found");
}

// --- concurrency ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(concurrent_first_top_ups_of_one_callerid) {
  Stack stack(4);
  constexpr int kClients = 8;
  std::vector<std::string> bodies(kClients);
  std::vector<std::thread> clients;
  const std::string uri =
      request(admin({{"callerid", "7001"}, {"amount", "1.25"}, {"cardgroup_id", "1"}}));
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] { bodies[i] = stack.get(uri).body; });
  }
  for (auto& client : clients) client.join();
  for (const auto& body : bodies) BOOST_TEST(body.find(kOkPrefix + "    <card>\n") == 0, body);
  BOOST_TEST(stack.rows("SELECT balance FROM cards WHERE callerid = '7001'") ==
             (Rows{{"10.000000000000000"}}));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "1");
  BOOST_TEST(stack.scalar("SELECT SUM(amount) FROM payments WHERE user_id = (SELECT id FROM cards "
                          "WHERE callerid = '7001')") == "10.000000000000000");
}

namespace {

enum class Op { card_top_up, device_top_up, pin_onto_card, pin_onto_device, move_group, invalid };

struct Call {
  Op op;
  int64_t micro = 0;  // the amount in millionths, when the call sends a valid one
  int status = 0;
  std::string body;
};

std::string micro_text(int64_t micro, int decimals) {
  char text[64];
  if (decimals == 2) {
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(micro / 1000000),
                  static_cast<long long>(micro % 1000000 / 10000));
  } else {
    std::snprintf(text, sizeof text, "%lld.%06lld", static_cast<long long>(micro / 1000000),
                  static_cast<long long>(micro % 1000000));
  }
  return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(money_invariant_under_concurrent_calls) {
  const auto started = std::chrono::steady_clock::now();
  Stack stack(4);
  add_group(stack, 5, 0, 10, 8);
  const std::vector<std::string> card_clis = {"5551000001", "5551000002", "5551000003"};
  add_card(stack, 1, 1, "2000000001", "90000001", "100", card_clis[0]);
  add_card(stack, 2, 1, "2000000002", "90000002", "200.5", card_clis[1]);
  add_card(stack, 3, 1, "2000000003", "90000003", "300.123456", card_clis[2]);
  std::vector<std::string> pins;
  for (int i = 0; i < 40; ++i) {
    const std::string pin = std::to_string(80000000 + i);
    pins.push_back(pin);
    add_card(stack, 100 + i, i % 2 ? 5 : 1, std::to_string(3000000000LL + i), pin,
             std::to_string(i + 1) + ".37", "", 0);
  }
  stack.exec(
      "INSERT INTO users (id, username, password, usertype, owner_id, tax_id, balance) VALUES "
      "(7, 'stress_user', SHA1('x'), 'user', 0, 1, 25.5); "
      "INSERT INTO devices (id, name, user_id, extension, device_type, accountcode) VALUES "
      "(10, 'stress', 7, '1010', 'SIP', 10); "
      "UPDATE users SET balance = 50 WHERE id = 2");
  const std::vector<std::string> device_clis = {"5552000002", "5552000007"};
  add_device_cli(stack, device_clis[0], 2);
  add_device_cli(stack, device_clis[1], 10);
  stack.exec(
      "CREATE TABLE t_start_users AS SELECT id, balance FROM users; "
      "CREATE TABLE t_start_cards AS SELECT id, balance FROM cards");

  constexpr int kClients = 8;
  constexpr int kCalls = 1000;
  const std::vector<std::string> bad_amounts = {
      "-5", "0", "abc", "1e5", "1.2.3", "", "0.0000000000000001"};
  std::vector<Call> calls(kCalls);
  std::atomic<int> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      std::mt19937_64 rng(1000 + t);
      auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
      for (int i; (i = next++) < kCalls;) {
        Call& call = calls[static_cast<size_t>(i)];
        const int roll = static_cast<int>(pick(100));
        call.op = roll < 25   ? Op::card_top_up
                  : roll < 45 ? Op::device_top_up
                  : roll < 60 ? Op::pin_onto_card
                  : roll < 70 ? Op::pin_onto_device
                  : roll < 90 ? Op::move_group
                              : Op::invalid;
        const int decimals = pick(2) ? 2 : 6;
        int64_t micro = 10000 + static_cast<int64_t>(pick(5000000)) * 10;  // 0.01 .. 50.00999
        if (decimals == 2) micro -= micro % 10000;
        const std::string amount = micro_text(micro, decimals);
        const std::string card_cli = card_clis[pick(card_clis.size())];
        const std::string device_cli = device_clis[pick(device_clis.size())];
        Params params;
        switch (call.op) {
          case Op::card_top_up:
            params = {{"callerid", card_cli}, {"amount", amount}};
            break;
          case Op::device_top_up:
            params = {{"callerid", device_cli}, {"amount", amount}};
            break;
          case Op::pin_onto_card:
            params = {{"callerid", card_cli}, {"pin", pins[pick(pins.size())]}};
            break;
          case Op::pin_onto_device:
            params = {{"callerid", device_cli}, {"pin", pins[pick(pins.size())]}};
            break;
          case Op::move_group:
            params = {
                {"callerid", card_cli}, {"amount", amount}, {"cardgroup_id", pick(2) ? "5" : "1"}};
            break;
          case Op::invalid:
            params = {{"callerid", pick(2) ? card_cli : device_cli},
                      {"amount", bad_amounts[pick(bad_amounts.size())]}};
            break;
        }
        if (params[1].first == "amount" && call.op != Op::invalid) call.micro = micro;
        try {
          const auto response = stack.get(request(admin(params)));
          call.status = response.status;
          call.body = response.body;
        } catch (const std::exception& error) {
          call.body = std::string("client error: ") + error.what();
        }
      }
    });
  }
  for (auto& client : clients) client.join();

  // Every call answered: an ok document, or the error its kind allows. A call on a card's caller
  // ID that concurrent moves re-create under it looks again after a short random pause, so none
  // gives up with "Failed to make transaction" (counted apart, to tell it from other errors).
  int64_t added = 0;
  int ok = 0;
  int unexpected = 0;
  int gave_up = 0;
  for (const auto& call : calls) {
    const bool is_ok = call.status == 200 && call.body.find(kOkPrefix) == 0;
    const auto answered = [&](const std::string& message) {
      return call.status == 200 && call.body == cc_error(message);
    };
    bool fine = is_ok;
    if (call.op == Op::invalid) fine = answered("Invalid amount");
    if (call.op == Op::pin_onto_card || call.op == Op::pin_onto_device) {
      fine = fine || answered("PIN number balance is zero");
    }
    if (call.op == Op::card_top_up || call.op == Op::pin_onto_card || call.op == Op::move_group) {
      if (answered("Failed to make transaction")) {
        fine = true;
        ++gave_up;
      }
    }
    if (!fine && ++unexpected <= 5) {
      BOOST_ERROR("unexpected answer (op " << static_cast<int>(call.op) << ", HTTP " << call.status
                                           << "): " << call.body);
    }
    if (is_ok) {
      ++ok;
      added += call.micro;
    }
  }
  BOOST_TEST(unexpected == 0);
  BOOST_TEST(gave_up == 0);
  if (unexpected > 0 || gave_up > 0) {
    // What the workers logged about them.
    std::istringstream lines(stack.log());
    int shown = 0;
    for (std::string line; std::getline(lines, line) && shown < 10;) {
      if (line.find(" warn ") != std::string::npos || line.find(" error ") != std::string::npos) {
        BOOST_TEST_MESSAGE("log: " << line);
        ++shown;
      }
    }
  }
  BOOST_TEST_MESSAGE(gave_up << " calls gave up with Failed to make transaction");
  BOOST_TEST_MESSAGE(ok << " of " << kCalls << " calls ok; " << micro_text(added, 6) << " added");

  // Each user's balance is its start plus its card_refill payments.
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM users u LEFT JOIN t_start_users s ON s.id = u.id "
                          "WHERE u.balance <> COALESCE(s.balance, 0) + (SELECT "
                          "COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.paymenttype = "
                          "'card_refill' AND p.card = 0 AND p.user_id = u.id)") == "0");
  // Each card's balance is its start plus its Card payments.
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards c LEFT JOIN t_start_cards s ON s.id = c.id "
                          "WHERE c.balance <> COALESCE(s.balance, 0) + (SELECT "
                          "COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.paymenttype = "
                          "'Card' AND p.card = 1 AND p.user_id = c.id)") == "0");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments p WHERE NOT ((p.paymenttype = 'Card' AND "
                          "p.card = 1 AND EXISTS (SELECT 1 FROM cards c WHERE c.id = p.user_id)) "
                          "OR (p.paymenttype = 'card_refill' AND p.card = 0 AND p.user_id IN "
                          "(2, 7)))") == "0");
  // Money in total grew by exactly the amounts of the calls that answered ok.
  const std::string expected_growth = micro_text(added, 6) + "000000000";
  const std::string growth_sql =
      "((SELECT SUM(balance) FROM users) + (SELECT SUM(balance) FROM cards)) - "
      "((SELECT SUM(balance) FROM t_start_users) + (SELECT SUM(balance) FROM t_start_cards))";
  BOOST_TEST(stack.scalar("SELECT " + growth_sql) == expected_growth);
  BOOST_TEST(stack.scalar("SELECT " + growth_sql + " = CAST('" + expected_growth +
                          "' AS DECIMAL(65,15))") == "1");
  BOOST_TEST(stack.scalar("SELECT (SELECT COUNT(*) FROM users WHERE balance < 0) + "
                          "(SELECT COUNT(*) FROM cards WHERE balance < 0)") == "0");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM (SELECT callerid FROM cards WHERE callerid IS NOT "
                          "NULL GROUP BY callerid HAVING COUNT(*) > 1) x") == "0");
  // The three caller IDs still each have one sold card; the released cards hold nothing.
  BOOST_TEST(stack.rows("SELECT callerid, sold FROM cards WHERE callerid IS NOT NULL ORDER BY "
                        "callerid") ==
             (Rows{{card_clis[0], "1"}, {card_clis[1], "1"}, {card_clis[2], "1"}}));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE callerid IS NULL AND id NOT BETWEEN "
                          "100 AND 139 AND balance <> 0") == "0");
  // MOR's actions: one per card balance change, one per new sold card.
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments WHERE paymenttype = 'Card'") ==
             stack.scalar("SELECT COUNT(*) FROM actions WHERE action IN ('Added to cards "
                          "balance', 'card_payment_created')"));
  const double seconds = seconds_since(started);
  BOOST_TEST_MESSAGE("money invariant test took " << seconds << " s");
  BOOST_TEST(seconds < 60.0);
}

// Review fixes: DOUBLE tax columns (as some MOR databases have) still give DECIMAL results; a
// caller ID with trailing spaces is the same caller ID; a non-strict server still refuses a
// balance that does not fit instead of clamping it.
BOOST_AUTO_TEST_CASE(double_tax_columns_still_give_exact_money) {
  Stack stack;
  stack.exec("ALTER TABLE taxes MODIFY tax1_value DOUBLE NOT NULL DEFAULT 0");
  add_taxes(stack);
  add_device_cli(stack, kUserCli, 2);
  stack.exec("UPDATE users SET tax_id = 2 WHERE id = 2");
  BOOST_TEST(stack.get(request(admin({{"callerid", kUserCli}, {"amount", "100"}}))).body ==
             device_ok(2, 2, "82.64", "100.00"));
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "82.644628099173554");
}

BOOST_AUTO_TEST_CASE(trailing_spaces_in_a_callerid_do_not_matter) {
  Stack stack;
  add_card(stack, 20, 1, "1000000020", "20202020", "5", kCardCli);
  const auto response =
      stack.get(request(admin({{"callerid", kCardCli + "  "}, {"amount", "1.5"}})));
  BOOST_TEST(response.body.find("<balance>6.50</balance>") != std::string::npos, response.body);
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE id = 20") == "6.500000000000000");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "1");
  // A card stored with trailing spaces (older data) is the same caller ID too.
  add_card(stack, 21, 1, "1000000021", "21212121", "2", "5556 ");
  const auto spaced = stack.get(request(admin({{"callerid", "5556"}, {"amount", "1"}})));
  BOOST_TEST(spaced.body.find("<balance>3.00</balance>") != std::string::npos, spaced.body);
}

BOOST_AUTO_TEST_CASE(a_balance_that_does_not_fit_fails_even_on_a_lax_server) {
  shared_mariadb().exec("", "SET GLOBAL sql_mode = ''");
  Stack stack;
  shared_mariadb().exec("", "SET GLOBAL sql_mode = DEFAULT");
  const std::string top_up =
      request(admin({{"callerid", "555"}, {"cardgroup_id", "1"}, {"amount", "999999999999999"}}));
  BOOST_TEST(stack.get(top_up).body.find("<status>ok</status>") != std::string::npos);
  BOOST_TEST(stack.get(top_up).body == cc_error("Failed to make transaction"));
  BOOST_TEST(stack.scalar("SELECT balance FROM cards WHERE callerid = '555'") ==
             "999999999999999.000000000000000");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "1");
}

// --- issue 7: hidden groups, the database's comparison, stale holders, backing off ----------

namespace {

// How many requests had to look again (morapi logs one line for each such request).
size_t look_agains(Stack& stack) {
  const std::string log = stack.log();
  size_t count = 0;
  for (size_t at = log.find("looked again"); at != std::string::npos;
       at = log.find("looked again", at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

BOOST_AUTO_TEST_CASE(hidden_card_groups_are_out_of_reach) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  add_group(stack, 6, 0, 10, 8, 1, "", 1);                           // hidden, of the admin
  add_card(stack, 20, 6, "1000000020", "20202020", "10", kCardCli);  // its caller ID in group 6
  add_card(stack, 21, 6, "1000000021", "21212121", "7");             // a PIN card in group 6
  add_card(stack, 22, 1, "1000000022", "22222222", "4", "37064444444");
  // The card of a caller ID in a hidden group: not found, whatever else is asked of it.
  expect_error(stack,
               {request(admin({{"callerid", kCardCli}, {"amount", "1"}})),
                request(admin({{"callerid", kCardCli}, {"amount", "1"}, {"cardgroup_id", "1"}})),
                request(admin({{"callerid", kCardCli}, {"pin", "22222222"}}))},
               "Card was not found");
  // A PIN card in a hidden group, onto a device, a card, or a caller ID seen nowhere.
  expect_error(stack,
               {request(admin({{"callerid", kUserCli}, {"pin", "21212121"}})),
                request(admin({{"callerid", "37064444444"}, {"pin", "21212121"}})),
                request(admin({{"callerid", "5009"}, {"pin", "21212121"}}))},
               "PIN number not found");
  // A hidden group named by cardgroup_id, for a card moving and for a new one.
  expect_error(
      stack,
      {request(admin({{"callerid", "37064444444"}, {"amount", "1"}, {"cardgroup_id", "6"}})),
       request(admin({{"callerid", "5009"}, {"amount", "1"}, {"cardgroup_id", "6"}}))},
      "Supplied Cardgroup_id is invalid");
  BOOST_TEST(stack.rows("SELECT id, cardgroup_id, balance, IFNULL(callerid, '-'), sold FROM cards "
                        "ORDER BY id") ==
             (Rows{{"20", "6", "10.000000000000000", kCardCli, "1"},
                   {"21", "6", "7.000000000000000", "-", "1"},
                   {"22", "1", "4.000000000000000", "37064444444", "1"}}));
  // Once the group is shown again, the same requests work.
  stack.exec("UPDATE cardgroups SET hidden = 0 WHERE id = 6");
  BOOST_TEST(stack.get(request(admin({{"callerid", kUserCli}, {"pin", "21212121"}}))).body ==
             device_ok(2, 2, "7.00", "7.00"));
  BOOST_TEST(stack.get(request(admin({{"callerid", kCardCli}, {"amount", "1"}}))).body ==
             card_ok({"20", "6", "11.00", "11.00", kCardCli, "20202020", "1000000020"}));
}

// Blank values are absent, as MOR's `blank?` sees them: a caller ID of white space only is
// none, and a blank PIN is no PIN (the top-up runs without one).
BOOST_AUTO_TEST_CASE(blank_callerid_and_pin) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  expect_error(stack,
               {request(admin({{"callerid", "\t"}, {"amount", "1"}, {"cardgroup_id", "1"}})),
                request(admin({{"callerid", "\n"}, {"amount", "1"}, {"cardgroup_id", "1"}})),
                request(admin({{"callerid", " \t\r"}, {"amount", "1"}, {"cardgroup_id", "1"}})),
                request(admin({{"callerid", "\xC2\xA0"}, {"amount", "1"}, {"cardgroup_id", "1"}}))},
               "Callerid must be specified");
  BOOST_TEST(
      stack.get(request(admin({{"callerid", kUserCli}, {"amount", "5"}, {"pin", "  "}}))).body ==
      device_ok(2, 2, "5.00", "5.00"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "0");
}

// A card whose card group row is gone is not the caller's: `Card was not found` at once, not
// one attempt after another until `Failed to make transaction`.
BOOST_AUTO_TEST_CASE(a_card_of_a_missing_group_is_not_found) {
  Stack stack;
  add_card(stack, 20, 1, "1000000020", "20202020", "10", kCardCli);
  add_card(stack, 21, 1, "1000000021", "21212121", "7");
  stack.exec("UPDATE cards SET cardgroup_id = 99 WHERE id = 20");
  expect_error(stack,
               {request(admin({{"callerid", kCardCli}, {"amount", "1"}})),
                request(admin({{"callerid", kCardCli}, {"pin", "21212121"}}))},
               "Card was not found");
  BOOST_TEST(stack.log().find("looked again") == std::string::npos);
}

// The database finds a stored PIN with trailing spaces (PAD SPACE collations): morapi takes it as
// the same PIN at once instead of looking again until it gives up.
BOOST_AUTO_TEST_CASE(a_pin_stored_with_trailing_spaces_is_that_pin) {
  Stack stack;
  add_device_cli(stack, kUserCli, 2);
  add_card(stack, 20, 1, "1000000020", "20202020", "10", kCardCli);
  add_card(stack, 30, 1, "1000000030", "30303030  ", "2.5");
  add_card(stack, 31, 1, "1000000031", "31313131 ", "4");
  add_card(stack, 32, 1, "1000000032", "32323232 ", "1.25", "", 0);
  BOOST_TEST(stack.get(request(admin({{"callerid", kUserCli}, {"pin", "30303030"}}))).body ==
             device_ok(2, 2, "2.50", "2.50"));
  BOOST_TEST(stack.get(request(admin({{"callerid", kCardCli}, {"pin", "31313131"}}))).body ==
             card_ok({"20", "1", "14.00", "14.00", kCardCli, "20202020", "1000000020"}));
  BOOST_TEST(stack.get(request(admin({{"callerid", "5010"}, {"pin", "32323232"}}))).body ==
             card_ok({"32", "1", "1.25", "1.25", "5010", "32323232 ", "1000000032"}));
  BOOST_TEST(stack.rows("SELECT id, balance, IFNULL(callerid, '-'), sold FROM cards ORDER BY id") ==
             (Rows{{"20", "14.000000000000000", kCardCli, "1"},
                   {"30", "0.000000000000000", "-", "1"},
                   {"31", "0.000000000000000", "-", "1"},
                   {"32", "1.250000000000000", "5010", "1"}}));
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "2.500000000000000");
  BOOST_TEST(stack.rows("SELECT user_id, amount FROM payments ORDER BY id") ==
             (Rows{{"30", "-2.500000000000000"},
                   {"2", "2.500000000000000"},
                   {"31", "-4.000000000000000"},
                   {"20", "4.000000000000000"}}));
  BOOST_TEST(look_agains(stack) == 0u);
}

// A MOR database keeps caller IDs in a case-insensitive collation: `ABC` finds the card or
// device of `abc` there, and morapi must agree with the database (letters are legal in a CLI).
BOOST_AUTO_TEST_CASE(a_callerid_matched_by_the_collation_is_that_callerid) {
  Stack stack;
  stack.exec(
      "ALTER TABLE cards MODIFY callerid varchar(30) COLLATE utf8mb4_general_ci DEFAULT NULL; "
      "ALTER TABLE callerids MODIFY cli varchar(255) COLLATE utf8mb4_general_ci NOT NULL "
      "DEFAULT ''");
  add_group(stack, 5, 0, 10, 8);
  add_device_cli(stack, "dev-abc", 2);
  add_card(stack, 20, 1, "1000000020", "20202020", "10", "card-abc");
  add_card(stack, 21, 1, "1000000021", "21212121", "3", "card-xyz ");
  add_card(stack, 30, 1, "1000000030", "30303030", "2");
  BOOST_TEST(stack.get(request(admin({{"callerid", "DEV-ABC"}, {"amount", "5"}}))).body ==
             device_ok(2, 2, "5.00", "5.00"));
  BOOST_TEST(stack.get(request(admin({{"callerid", "Card-ABC"}, {"amount", "1.5"}}))).body ==
             card_ok({"20", "1", "11.50", "11.50", "card-abc", "20202020", "1000000020"}));
  BOOST_TEST(stack.get(request(admin({{"callerid", "CARD-abc"}, {"pin", "30303030"}}))).body ==
             card_ok({"20", "1", "13.50", "13.50", "card-abc", "20202020", "1000000020"}));
  BOOST_TEST(stack.get(request(admin({{"callerid", "CARD-XYZ"}, {"amount", "1"}}))).body ==
             card_ok({"21", "1", "4.00", "4.00", "card-xyz ", "21212121", "1000000021"}));
  // Moving to another group: the new card takes the caller ID as this request spells it.
  const auto moved =
      stack.get(request(admin({{"callerid", "CARD-ABC"}, {"amount", "1"}, {"cardgroup_id", "5"}})));
  const std::string new_id = stack.scalar("SELECT id FROM cards WHERE cardgroup_id = 5");
  BOOST_TEST(moved.body == card_ok_from_db(stack, new_id, "14.50", "14.50"));
  BOOST_TEST(stack.rows("SELECT id, cardgroup_id, balance, IFNULL(callerid, '-') FROM cards "
                        "ORDER BY id") == (Rows{{"20", "1", "0.000000000000000", "-"},
                                                {"21", "1", "4.000000000000000", "card-xyz "},
                                                {"30", "1", "0.000000000000000", "-"},
                                                {new_id, "5", "14.500000000000000", "CARD-ABC"}}));
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "5.000000000000000");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "7");
  BOOST_TEST(look_agains(stack) == 0u);
}

// The caller ID moves to another user's device while the request waits for the lock of the user
// it found first: the request must look again and credit the user that holds it now.
BOOST_AUTO_TEST_CASE(a_callerid_moved_while_waiting_credits_its_new_holder) {
  Stack stack;
  stack.exec(
      "INSERT INTO users (id, username, password, usertype, owner_id, tax_id, balance) VALUES "
      "(7, 'second_user', SHA1('x'), 'user', 0, 1, 1); "
      "INSERT INTO devices (id, name, user_id, extension, device_type, accountcode) VALUES "
      "(10, 'second', 7, '1010', 'SIP', 10); "
      "UPDATE users SET balance = 3 WHERE id = 2");
  add_device_cli(stack, kUserCli, 2);
  // A second connection holds user 2's row until the request waits for it (its statement shows
  // in the process list), then moves the caller ID to user 7's device and commits. (Not
  // INNODB_TRX: that is a cache, refreshed only after 100 ms without a reader.)
  const std::string script =
      "START TRANSACTION;\n"
      "SELECT id FROM users WHERE id = 2 FOR UPDATE;\n"
      "DO GET_LOCK('cc_test_holder', 0);\n"
      "DELIMITER //\n"
      "BEGIN NOT ATOMIC\n"
      "  DECLARE waited INT DEFAULT 0;\n"
      "  WHILE waited < 1000 AND (SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> "
      "CONNECTION_ID() AND INFO LIKE 'SELECT id, balance, owner_id%FOR UPDATE') = 0 DO\n"
      "    DO SLEEP(0.01);\n"
      "    SET waited = waited + 1;\n"
      "  END WHILE;\n"
      "END//\n"
      "DELIMITER ;\n"
      "UPDATE callerids SET device_id = 10 WHERE cli = '" +
      kUserCli +
      "';\n"
      "COMMIT;\n";
  std::string holder_error;
  std::thread holder([&] {
    try {
      stack.exec(script);
    } catch (const std::exception& error) {
      holder_error = error.what();
    }
  });
  const bool locked = wait_until(
      [&] { return stack.scalar("SELECT IS_USED_LOCK('cc_test_holder') IS NOT NULL") == "1"; },
      std::chrono::seconds(10));
  const auto sent = std::chrono::steady_clock::now();
  HttpResponse response;
  if (locked) response = stack.get(request(admin({{"callerid", kUserCli}, {"amount", "10"}})));
  holder.join();
  // The holder saw the request waiting (it did not just run out of patience).
  BOOST_TEST((std::chrono::steady_clock::now() - sent < std::chrono::seconds(5)));
  BOOST_REQUIRE_MESSAGE(locked && holder_error.empty(), holder_error);
  BOOST_TEST(response.body == device_ok(10, 7, "11.00", "11.00"));
  BOOST_TEST(stack.rows("SELECT id, balance FROM users WHERE id IN (2, 7) ORDER BY id") ==
             (Rows{{"2", "3.000000000000000"}, {"7", "11.000000000000000"}}));
  BOOST_TEST(stack.rows("SELECT paymenttype, user_id, amount FROM payments") ==
             (Rows{{"card_refill", "7", "10.000000000000000"}}));
  BOOST_TEST(look_agains(stack) == 1u);
}

// Top-ups of a caller ID that other requests keep moving between two groups (each move makes a
// new card and empties the old one): every request goes through (morapi backs off and looks
// again instead of giving up), and the money adds up exactly.
BOOST_AUTO_TEST_CASE(top_ups_of_a_callerid_moving_between_groups_all_go_through) {
  const auto started = std::chrono::steady_clock::now();
  Stack stack(8);
  add_group(stack, 5, 0, 10, 8);
  const std::string cli = "5553000001";
  add_card(stack, 1, 1, "2000000001", "90000001", "0", cli);

  struct Answer {
    int64_t cents = 0;
    int status = 0;
    std::string body;
  };
  constexpr int kTopUps = 900;
  constexpr int kTopUpClients = 6;
  constexpr int kMovers = 2;
  constexpr int kMaxMovesEach = 300;
  std::vector<Answer> top_ups(kTopUps);
  std::vector<std::vector<Answer>> moves(kMovers);
  std::atomic<int> next{0};
  std::atomic<bool> topped_up{false};
  const auto send = [&](const Params& params, Answer& answer) {
    try {
      const auto response = stack.get(request(admin(params)));
      answer.status = response.status;
      answer.body = response.body;
    } catch (const std::exception& error) {
      answer.body = std::string("client error: ") + error.what();
    }
  };
  const auto amount = [](int64_t cents) {
    char text[32];
    std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(cents / 100),
                  static_cast<long long>(cents % 100));
    return std::string(text);
  };
  std::vector<std::thread> clients;
  for (int t = 0; t < kTopUpClients; ++t) {
    clients.emplace_back([&] {
      for (int i; (i = next++) < kTopUps;) {
        Answer& answer = top_ups[static_cast<size_t>(i)];
        answer.cents = 1 + i % 500;
        send({{"callerid", cli}, {"amount", amount(answer.cents)}}, answer);
      }
    });
  }
  std::vector<std::thread> movers;
  for (int m = 0; m < kMovers; ++m) {
    movers.emplace_back([&, m] {
      for (int i = 0; i < kMaxMovesEach && !topped_up; ++i) {
        Answer answer;
        answer.cents = 1;
        send({{"callerid", cli}, {"amount", "0.01"}, {"cardgroup_id", (i + m) % 2 ? "1" : "5"}},
             answer);
        moves[static_cast<size_t>(m)].push_back(answer);
      }
    });
  }
  for (auto& client : clients) client.join();
  topped_up = true;
  for (auto& mover : movers) mover.join();

  int64_t cents = 0;
  int failed = 0;
  int unexpected = 0;
  size_t moves_sent = 0;
  const auto check = [&](const Answer& answer) {
    if (answer.status == 200 && answer.body.find(kOkPrefix + "    <card>\n") == 0) {
      cents += answer.cents;
      return;
    }
    if (answer.body.find("Failed to make transaction") != std::string::npos) ++failed;
    if (++unexpected <= 5) BOOST_ERROR("unexpected answer: " << answer.body);
  };
  for (const auto& answer : top_ups) check(answer);
  for (const auto& mover : moves) {
    moves_sent += mover.size();
    for (const auto& answer : mover) check(answer);
  }
  BOOST_TEST(failed == 0);
  BOOST_TEST(unexpected == 0);
  BOOST_TEST_MESSAGE(failed << " requests gave up with Failed to make transaction");
  if (failed > 0) {
    std::istringstream lines(stack.log());
    int shown = 0;
    for (std::string line; std::getline(lines, line) && shown < 10;) {
      if (line.find(" warn ") != std::string::npos || line.find(" error ") != std::string::npos) {
        BOOST_TEST_MESSAGE("log: " << line);
        ++shown;
      }
    }
  }
  BOOST_TEST(moves_sent >= 50u);  // the caller ID really kept moving
  BOOST_TEST_MESSAGE(moves_sent << " moves, " << look_agains(stack) << " requests looked again");

  // All the money is on the one card that has the caller ID now; every other card is empty.
  const std::string total = amount(cents) + "0000000000000";
  BOOST_TEST(stack.scalar("SELECT SUM(balance) FROM cards") == total);
  BOOST_TEST(stack.rows("SELECT balance, sold FROM cards WHERE callerid IS NOT NULL") ==
             (Rows{{total, "1"}}));
  BOOST_TEST(stack.scalar("SELECT callerid FROM cards WHERE callerid IS NOT NULL") == cli);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE callerid IS NULL AND (balance <> 0 OR "
                          "sold <> 0)") == "0");
  // Each card's balance is exactly the sum of its payments (every card started at 0).
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards c WHERE c.balance <> (SELECT "
                          "COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.paymenttype = "
                          "'Card' AND p.card = 1 AND p.user_id = c.id)") == "0");
  BOOST_TEST(stack.scalar("SELECT SUM(amount) FROM payments") == total);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") ==
             stack.scalar("SELECT COUNT(*) FROM actions WHERE action IN ('Added to cards "
                          "balance', 'card_payment_created')"));
  const double seconds = seconds_since(started);
  BOOST_TEST_MESSAGE("moving caller ID test took " << seconds << " s");
  BOOST_TEST(seconds < 90.0);
}

// Only the method's own errors change shape: a database that cannot be reached is still HTTP 503
// with SPEC §3's <page><status><error>, for cc_by_cli too.
BOOST_AUTO_TEST_CASE(service_unavailable_keeps_its_shape) {
  Stack stack(1);
  add_device_cli(stack, kUserCli, 2);
  stack.exec("RENAME TABLE conflines TO conflines_away");
  const auto response = stack.get(request(admin({{"callerid", kUserCli}, {"amount", "10"}})));
  BOOST_TEST(response.status == 503);
  BOOST_TEST(response.body == page_error("Service unavailable"));
  stack.exec("RENAME TABLE conflines_away TO conflines");
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "0.000000000000000");
}
