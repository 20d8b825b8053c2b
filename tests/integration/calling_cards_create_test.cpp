// calling_cards_create (SPEC §4.1) against a real MariaDB and real workers: every message in its
// check order, exact XML and exact rows, the PIN space rule, concurrent overlapping batches and a
// large batch.
#define BOOST_TEST_MODULE calling_cards_create
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cctype>
#include <regex>
#include <set>
#include <thread>
#include <utility>

#include "fixture.hpp"

using namespace morapi::testing;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

const std::string kSeedUri =
    "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=1000000025&"
    "cards_till=1000000035&batch_number=50&min_balance=15&language=en&distributor_id=2&"
    "hash=7e112ededcfee097cce21b6201c6d2a00dda1f4c";

const std::string kZeroMoney = "0.000000000000000";  // decimal(30,15) as the client prints it
const std::string kDemoPrice = "5.000000000000000";  // the demo card group 1's price (SPEC 8)
const std::string kPinTooShort = "PIN is too short for this interval";

// A value as the server decodes it from a query string: what goes into the hash.
std::string decoded(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
               std::isxdigit(text[i + 2])) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A request signed with the method list (card_group_id, cards_from, cards_till; an absent one
// adds nothing). An empty u leaves u out. Values go into the URL as given.
std::string signed_uri(const std::string& u, const Params& params,
                       const std::string& secret = "secret") {
  std::string signed_text;
  for (const std::string name : {"card_group_id", "cards_from", "cards_till"}) {
    for (const auto& [key, value] : params) {
      if (key == name) signed_text += decoded(value);
    }
  }
  std::string query = u.empty() ? "" : "u=" + u + "&";
  for (const auto& [key, value] : params) query += key + "=" + value + "&";
  return "/billing/api/calling_cards_create?" + query + "hash=" + sha1(signed_text + secret);
}

// The usual request: a group and a range, plus any optional parameters (already "&k=v&...").
std::string range_uri(const std::string& u, const std::string& group, const std::string& from,
                      const std::string& till, const std::string& secret = "secret",
                      const std::string& extra = "") {
  return "/billing/api/calling_cards_create?u=" + u + "&card_group_id=" + group +
         "&cards_from=" + from + "&cards_till=" + till + extra +
         "&hash=" + sha1(decoded(group) + decoded(from) + decoded(till) + secret);
}

std::string created(int64_t n, int64_t m) {
  return page_success("Cards created: " + std::to_string(n) + "/" + std::to_string(m));
}

// What MOR answers when no card of the range was created.
const std::string kAlreadyExist = page_error("Cards already exist");

// Every column calling_cards_create writes, of every card.
Rows all_cards(Stack& stack) {
  return stack.rows(
      "SELECT id, cardgroup_id, number, pin, owner_id, balance, sold, batch_number, min_balance, "
      "language, user_id FROM cards ORDER BY id");
}

// The ten-digit number base + offset.
std::string number(int64_t offset, int64_t base = 1000000000) {
  return std::to_string(base + offset);
}

// N of a `Cards created: N/M` document, 0 for `Cards already exist`, -1 for anything else.
int64_t created_count(const std::string& body) {
  if (body == kAlreadyExist) return 0;
  static const std::regex kCreated(
      "<\\?xml version=\"1.0\" encoding=\"UTF-8\"\\?>\n<page>\n  <status>\n"
      "    <success>Cards created: ([0-9]+)/([0-9]+)</success>\n  </status>\n</page>\n");
  std::smatch match;
  if (!std::regex_match(body, match, kCreated)) return -1;
  return std::stoll(match[1]);
}

// A card group of owner 0 (or `owner`) with the given lengths.
void add_group(Stack& stack, int id, int number_length, int pin_length, int owner = 0) {
  stack.exec(
      "INSERT INTO cardgroups (id, name, tariff_id, number_length, pin_length, owner_id, "
      "tax_id) VALUES (" +
      std::to_string(id) + ", 'Test group " + std::to_string(id) + "', 3, " +
      std::to_string(number_length) + ", " + std::to_string(pin_length) + ", " +
      std::to_string(owner) + ", 1)");
}

// The one card with this number: owner_id, balance, sold, batch_number, min_balance, language,
// user_id.
std::vector<std::string> card_options(Stack& stack, const std::string& number) {
  const Rows rows = stack.rows(
      "SELECT owner_id, balance, sold, batch_number, min_balance, language, user_id FROM cards "
      "WHERE number = '" +
      number + "'");
  BOOST_REQUIRE_EQUAL(rows.size(), 1u);
  return rows[0];
}

}  // namespace

// The acceptance of issue 7: the seed request against the demo data, twice. The cards carry the
// group's price (5) as their face value, with no payments row for it.
BOOST_AUTO_TEST_CASE(seed_request_creates_eleven_cards_then_none) {
  Stack stack;
  const auto first = stack.get(kSeedUri);
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body == created(11, 11));

  Rows expected;
  for (int i = 25; i <= 35; ++i) {
    expected.push_back(
        {"1", number(i), "0", kDemoPrice, "0", "50", "15.000000000000000", "en", "2", "8"});
  }
  BOOST_TEST(stack.rows("SELECT cardgroup_id, number, owner_id, balance, sold, batch_number, "
                        "min_balance, language, user_id, CHAR_LENGTH(pin) FROM cards "
                        "ORDER BY number") == expected);
  std::set<std::string> pins;
  for (const auto& row : stack.rows("SELECT pin FROM cards")) {
    BOOST_TEST(std::regex_match(row[0], std::regex("[0-9]{8}")), "pin " << row[0]);
    pins.insert(row[0]);
  }
  BOOST_TEST(pins.size() == 11u);

  const Rows before = all_cards(stack);
  const auto second = stack.get(kSeedUri);
  BOOST_TEST(second.status == 200);
  BOOST_TEST(second.body == kAlreadyExist);
  BOOST_TEST(all_cards(stack) == before);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "11");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "0");
}

BOOST_AUTO_TEST_CASE(overlapping_ranges_create_only_the_missing_numbers) {
  Stack stack;
  BOOST_TEST(stack.get(kSeedUri).body == created(11, 11));
  const Rows seed_cards = all_cards(stack);

  // 30..44: 30..35 exist, 36..44 are new. A different batch number leaves the old cards alone.
  BOOST_TEST(
      stack.get(range_uri("admin", "1", number(30), number(44), "secret", "&batch_number=51"))
          .body == created(9, 15));
  // 20..50 around everything: 25..44 exist.
  BOOST_TEST(stack.get(range_uri("admin", "1", number(20), number(50))).body == created(11, 31));
  // One number, existing or not.
  BOOST_TEST(stack.get(range_uri("admin", "1", number(50), number(50))).body == kAlreadyExist);
  BOOST_TEST(stack.get(range_uri("admin", "1", number(51), number(51))).body == created(1, 1));
  // A whole range of existing numbers creates nothing: the error, not a success with 0.
  BOOST_TEST(stack.get(range_uri("admin", "1", number(20), number(51))).body == kAlreadyExist);

  const Rows after = all_cards(stack);
  BOOST_REQUIRE(after.size() == 32u);
  BOOST_TEST(Rows(after.begin(), after.begin() + 11) == seed_cards);
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT number) FROM cards") == "32");
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards") == "32");
  BOOST_TEST(stack.rows("SELECT MIN(number), MAX(number) FROM cards") ==
             (Rows{{number(20), number(51)}}));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE batch_number = '51'") == "9");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE batch_number IS NULL") == "12");
}

BOOST_AUTO_TEST_CASE(incorrect_hash_writes_one_action_row) {
  Stack stack(1);
  BOOST_TEST(stack.get(kSeedUri).body == created(11, 11));
  const Rows before = all_cards(stack);

  const std::string wrong =
      "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=1000000036&"
      "cards_till=1000000040&p=pw&hash=" +
      sha1("110000000361000000040nope");
  BOOST_TEST(stack.get(wrong).body == page_error("Incorrect hash"));
  BOOST_TEST(stack.rows("SELECT user_id, action, data, data2, data3 FROM actions") ==
             (Rows{{"-1", "error", "API : Incorrect hash",
                    "/billing/api/calling_cards_create?u=admin&card_group_id=1&"
                    "cards_from=1000000036&cards_till=1000000040&p=[FILTERED]&hash=[FILTERED]",
                    "127.0.0.1"}}));

  // The hash is checked before anything else: a plain user, an unknown user, a missing group,
  // a reversed range all get `Incorrect hash` when the hash is wrong.
  const std::string good = sha1("110000000361000000040secret");
  for (const std::string& uri : std::vector<std::string>{
           // the reseller's secret is not the admin's
           range_uri("admin", "1", number(36), number(40), "secret3"),
           // uppercase, cut, empty, missing
           "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=1000000036&"
           "cards_till=1000000040&hash=" +
               [&] {
                 std::string upper = good;
                 for (char& c : upper) c = static_cast<char>(std::toupper(c));
                 return upper;
               }(),
           "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=1000000036&"
           "cards_till=1000000040&hash=" +
               good.substr(0, 39),
           "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=1000000036&"
           "cards_till=1000000040&hash=",
           "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=1000000036&"
           "cards_till=1000000040",
           // the seed's hash with another range
           "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=1000000025&"
           "cards_till=1000000036&hash=7e112ededcfee097cce21b6201c6d2a00dda1f4c",
           range_uri("user_admin", "1", number(36), number(40), "wrong"),
           range_uri("nobody", "1", number(36), number(40), "wrong"),
           range_uri("accountant", "1", number(36), number(40), "wrong"),
           range_uri("user", "3", number(36), number(40), "wrong"),
           range_uri("admin", "999", number(40), number(36), "wrong")}) {
    BOOST_TEST(stack.get(uri).body == page_error("Incorrect hash"), uri);
  }
  BOOST_TEST(all_cards(stack) == before);
  // The right hash still works.
  BOOST_TEST(stack.get(range_uri("admin", "1", number(36), number(40))).body == created(5, 5));
}

BOOST_AUTO_TEST_CASE(access_denied) {
  Stack stack;
  BOOST_TEST(stack.get(kSeedUri).body == created(11, 11));
  const Rows before = all_cards(stack);
  // Hashes are right; the group does not exist, so Access Denied comes before the group check.
  for (const std::string group : {"1", "999"}) {
    // No u: the owner-0 secret.
    BOOST_TEST(stack
                   .get(signed_uri("", {{"card_group_id", group},
                                        {"cards_from", number(40)},
                                        {"cards_till", number(45)}}))
                   .body == page_error("Access Denied"));
    BOOST_TEST(stack.get(range_uri("nobody", group, number(40), number(45))).body ==
               page_error("Access Denied"));
    BOOST_TEST(stack.get(range_uri("user_admin", group, number(40), number(45))).body ==
               page_error("Access Denied"));
    // user_reseller is a user of reseller 3: it signs with its owner's secret.
    BOOST_TEST(
        stack.get(range_uri("user_reseller", group, number(40), number(45), "secret3")).body ==
        page_error("Access Denied"));
  }
  // A plain user is denied even with no other parameter.
  BOOST_TEST(stack.get(signed_uri("user_admin", {})).body == page_error("Access Denied"));
  stack.exec("UPDATE users SET blocked = 1 WHERE id = 0");
  BOOST_TEST(stack.get(range_uri("admin", "1", number(40), number(45))).body ==
             page_error("Access Denied"));
  BOOST_TEST(all_cards(stack) == before);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions") == "0");
}

BOOST_AUTO_TEST_CASE(rights) {
  Stack stack;
  BOOST_TEST(stack.get(kSeedUri).body == created(11, 11));
  const Rows before = all_cards(stack);
  const std::string message = "You are not authorized to use this functionality";

  // The accountant's acc_group has no rights at all; the right comes before the group check.
  BOOST_TEST(stack.get(range_uri("accountant", "1", number(40), number(45))).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("accountant", "999", number(40), number(45))).body ==
             page_error(message));
  BOOST_TEST(stack.get(signed_uri("accountant", {})).body == page_error(message));

  // accountant2 with read-only callingcard_manage.
  stack.exec("UPDATE acc_group_rights SET value = 1 WHERE acc_group_id = 3 AND acc_right_id = 2");
  BOOST_TEST(stack.get(range_uri("accountant2", "1", number(40), number(45))).body ==
             page_error(message));
  // accountant2 with every other right but this one.
  stack.exec("DELETE FROM acc_group_rights WHERE acc_group_id = 3 AND acc_right_id = 2");
  BOOST_TEST(stack.get(range_uri("accountant2", "1", number(40), number(45))).body ==
             page_error(message));

  // The reseller's group without calling_cards: read-only, then no row at all.
  stack.exec("UPDATE acc_group_rights SET value = 1 WHERE acc_group_id = 1 AND acc_right_id = 1");
  BOOST_TEST(stack.get(range_uri("user", "3", number(40), number(45), "secret3")).body ==
             page_error(message));
  stack.exec("DELETE FROM acc_group_rights WHERE acc_group_id = 1 AND acc_right_id = 1");
  BOOST_TEST(stack.get(range_uri("user", "3", number(40), number(45), "secret3")).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("user", "999", number(40), number(45), "secret3")).body ==
             page_error(message));
  BOOST_TEST(all_cards(stack) == before);

  // Given back, the right works again (cache_ttl is 0).
  stack.exec("INSERT INTO acc_group_rights (acc_group_id, acc_right_id, value) VALUES (1, 1, 2)");
  BOOST_TEST(stack.get(range_uri("user", "3", number(40), number(45), "secret3")).body ==
             created(6, 6));
}

BOOST_AUTO_TEST_CASE(card_group_not_found) {
  Stack stack;
  BOOST_TEST(stack.get(kSeedUri).body == created(11, 11));
  const Rows before = all_cards(stack);
  const std::string message = "Card Group was not found";
  add_group(stack, 7, 10, 8, 2);  // "owned" by a plain user: only the admin reaches it

  // Missing card_group_id (the hash then covers the range alone), and missing with no range.
  BOOST_TEST(
      stack.get(signed_uri("admin", {{"cards_from", number(40)}, {"cards_till", number(45)}}))
          .body == page_error(message));
  BOOST_TEST(stack.get(signed_uri("admin", {})).body == page_error(message));
  for (const std::string group :
       {"", "999", "abc", "1abc", "-1", "1.0", "0", "%201", "99999999999999999999999"}) {
    BOOST_TEST(
        stack.get(range_uri("admin", group, number(40), number(45))).body == page_error(message),
        "card_group_id " << group);
  }
  // Another owner's group: accountant2 asking for the reseller's group 3 or group 7, the
  // reseller asking for the admin's group 1 (with either secret) or group 7. (The admin reaches
  // them all: admin_reaches_every_card_group.)
  BOOST_TEST(stack.get(range_uri("accountant2", "3", number(40), number(45))).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("accountant2", "7", number(40), number(45))).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("user", "7", number(40), number(45), "secret3")).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("user", "1", number(40), number(45), "secret3")).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("user", "1", number(40), number(45), "secret")).body ==
             page_error(message));
  // The group check comes before the range checks.
  BOOST_TEST(stack.get(signed_uri("accountant2", {{"card_group_id", "3"}})).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("admin", "999", "x", number(1))).body == page_error(message));

  // Hidden groups are not found, for their owner and the admin too.
  stack.exec("UPDATE cardgroups SET hidden = 1 WHERE id IN (1, 3, 7)");
  for (const std::string group : {"1", "3", "7"}) {
    BOOST_TEST(
        stack.get(range_uri("admin", group, number(40), number(45))).body == page_error(message),
        "group " << group);
  }
  BOOST_TEST(stack.get(range_uri("accountant2", "1", number(40), number(45))).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("user", "3", number(40), number(45), "secret3")).body ==
             page_error(message));
  BOOST_TEST(all_cards(stack) == before);
}

// As in MOR, the admin reaches every card group, a reseller's too: the cards are the group's
// owner's, carry the group's price as their face value (no payments row), and the distributor
// must be a user of the group's owner.
BOOST_AUTO_TEST_CASE(admin_reaches_every_card_group) {
  Stack stack;
  stack.exec("UPDATE cardgroups SET price = 12.345 WHERE id = 3");
  // User 5 belongs to reseller 3, the group's owner: a distributor there, for the admin too.
  BOOST_TEST(stack
                 .get(range_uri("admin", "3", number(0), number(2), "secret",
                                "&distributor_id=5&batch_number=A"))
                 .body == created(3, 3));
  // The admin's own user 2 is not a user of the group's owner.
  BOOST_TEST(stack.get(range_uri("admin", "3", number(3), number(3), "secret", "&distributor_id=2"))
                 .body == created(1, 1));
  // The reseller's own request in its group finds the admin's cards there.
  BOOST_TEST(stack.get(range_uri("user", "3", number(0), number(4), "secret3")).body ==
             created(1, 5));
  // A group "owned" by a plain user: the admin reaches it too, the cards are that user's.
  add_group(stack, 7, 10, 8, 2);
  BOOST_TEST(stack.get(range_uri("admin", "7", number(0), number(0), "secret", "&distributor_id=2"))
                 .body == created(1, 1));

  Rows expected;
  for (int i = 0; i <= 4; ++i) {
    expected.push_back({"3", number(i), "3", "12.345000000000000", "0", i < 3 ? "A" : "NULL",
                        i < 3 ? "5" : "-1", "6"});
  }
  expected.push_back({"7", number(0), "2", kZeroMoney, "0", "NULL", "-1", "8"});
  BOOST_TEST(stack.rows("SELECT cardgroup_id, number, owner_id, balance, sold, batch_number, "
                        "user_id, CHAR_LENGTH(pin) FROM cards ORDER BY cardgroup_id, number") ==
             expected);
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards") == "6");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "0");
}

BOOST_AUTO_TEST_CASE(range_not_found_and_format) {
  Stack stack;
  BOOST_TEST(stack.get(kSeedUri).body == created(11, 11));
  const Rows before = all_cards(stack);
  const auto error = [&](const Params& params) {
    return stack.get(signed_uri("admin", params)).body;
  };

  // Cards from was not found: missing or empty, whatever cards_till is.
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_till", number(45)}}) ==
             page_error("Cards from was not found"));
  BOOST_TEST(error({{"card_group_id", "1"}}) == page_error("Cards from was not found"));
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", ""}, {"cards_till", number(45)}}) ==
             page_error("Cards from was not found"));
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", ""}, {"cards_till", "x"}}) ==
             page_error("Cards from was not found"));

  // Cards till was not found: missing or empty, even when cards_from is malformed.
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", number(40)}}) ==
             page_error("Cards till was not found"));
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", number(40)}, {"cards_till", ""}}) ==
             page_error("Cards till was not found"));
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", "abc"}}) ==
             page_error("Cards till was not found"));

  // Incorrect formats: letters, signs, spaces, points, 9 and 11 digits (the group has 10).
  const std::vector<std::string> bad = {
      "abc",        "100000004a", "a100000004", "+100000004",  "-100000004", "%201000000040",
      "10000000.4", "1e10000000", "100000004",  "10000000400", "0x10000000", "%EF%BC%91000000040"};
  for (const std::string& value : bad) {
    BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", value}, {"cards_till", number(45)}}) ==
                   page_error("Cards from is in incorrect format"),
               "cards_from " << value);
    BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", number(40)}, {"cards_till", value}}) ==
                   page_error("Cards till is in incorrect format"),
               "cards_till " << value);
  }
  // cards_from is checked first; the format comes before the order.
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", "9"}, {"cards_till", "x"}}) ==
             page_error("Cards from is in incorrect format"));
  BOOST_TEST(error({{"card_group_id", "1"}, {"cards_from", number(40)}, {"cards_till", "1"}}) ==
             page_error("Cards till is in incorrect format"));
  // The length is the group's: 10 for group 1, 6 digits only for a 6-digit group.
  add_group(stack, 8, 6, 8);
  BOOST_TEST(stack.get(range_uri("admin", "8", number(40), number(45))).body ==
             page_error("Cards from is in incorrect format"));
  BOOST_TEST(stack.get(range_uri("admin", "8", "000040", number(45))).body ==
             page_error("Cards till is in incorrect format"));
  BOOST_TEST(all_cards(stack) == before);
  BOOST_TEST(stack.get(range_uri("admin", "8", "000040", "000045")).body == created(6, 6));
}

BOOST_AUTO_TEST_CASE(from_greater_than_till) {
  Stack stack;
  BOOST_TEST(stack.get(kSeedUri).body == created(11, 11));
  const Rows before = all_cards(stack);
  const std::string message = "Cards from must not be greater than Cards till";
  BOOST_TEST(stack.get(range_uri("admin", "1", number(36), number(35))).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("admin", "1", number(100), number(99))).body ==
             page_error(message));
  // Before the size cap and the PIN rule, however large the reversed range.
  BOOST_TEST(stack.get(range_uri("admin", "1", "9999999999", "0000000000")).body ==
             page_error(message));
  add_group(stack, 9, 10, 1);
  BOOST_TEST(stack.get(range_uri("admin", "9", "9999999999", "0000000000")).body ==
             page_error(message));
  BOOST_TEST(all_cards(stack) == before);
}

BOOST_AUTO_TEST_CASE(too_many_cards_requested) {
  Stack stack(2, {"--max_cards=100"});
  const std::string message = "Too many cards requested";
  // 101 cards, also across a carry and with leading zeros.
  BOOST_TEST(stack.get(range_uri("admin", "1", number(0), number(100))).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("admin", "1", "0000000950", "0000001050")).body ==
             page_error(message));
  BOOST_TEST(stack.get(range_uri("admin", "1", "0000000000", "9999999999")).body ==
             page_error(message));
  // The cap counts the whole range, existing numbers too.
  BOOST_TEST(stack.get(range_uri("admin", "1", number(50), number(50))).body == created(1, 1));
  BOOST_TEST(stack.get(range_uri("admin", "1", number(0), number(100))).body ==
             page_error(message));
  // Before the PIN rule.
  add_group(stack, 10, 10, 1);
  BOOST_TEST(stack.get(range_uri("admin", "10", number(0), number(100))).body ==
             page_error(message));
  // Wider than 18 digits can count.
  add_group(stack, 11, 25, 8);
  BOOST_TEST(stack.get(range_uri("admin", "11", std::string(25, '0'), std::string(25, '9'))).body ==
             page_error(message));
  BOOST_TEST(
      stack.get(range_uri("admin", "11", "1" + std::string(24, '0'), "2" + std::string(24, '0')))
          .body == page_error(message));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "1");

  // Exactly the cap passes: 100 cards, of which one exists.
  BOOST_TEST(stack.get(range_uri("admin", "1", number(0), number(99))).body == created(99, 100));
  BOOST_TEST(stack.get(range_uri("admin", "1", "0000000950", "0000001049")).body ==
             created(100, 100));
  BOOST_TEST(stack
                 .get(range_uri("admin", "11", "1" + std::string(22, '0') + "50",
                                "1" + std::string(22, '0') + "99"))
                 .body == created(50, 50));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "250");
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards") == "250");
}

BOOST_AUTO_TEST_CASE(default_cap_is_one_million) {
  Stack stack;
  add_group(stack, 12, 7, 8);
  // 0000000..1000000 is 1,000,001 numbers.
  BOOST_TEST(stack.get(range_uri("admin", "12", "0000000", "1000000")).body ==
             page_error("Too many cards requested"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "0");
}

// MOR's rule: the PINs of that length already in use, in any group, plus the whole range (its
// existing numbers too) may take at most 20% of 10^pin_length.
BOOST_AUTO_TEST_CASE(pin_space_rule) {
  Stack stack;
  add_group(stack, 20, 10, 2);  // a hundred 2-digit PINs: at most 20 in use
  add_group(stack, 21, 10, 2);

  // 21 > 20% of 100: refused, nothing created.
  BOOST_TEST(stack.get(range_uri("admin", "20", number(0), number(20))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "0");

  // Existing 2-digit PINs count, in any group: 3 of them leave room for 17.
  stack.exec(
      "INSERT INTO cards (cardgroup_id, number, pin, owner_id) VALUES "
      "(1, '2000000001', '07', 0), (1, '2000000002', '08', 0), (1, '2000000003', '09', 0)");
  // PINs of other lengths do not count.
  stack.exec(
      "INSERT INTO cards (cardgroup_id, number, pin, owner_id) VALUES "
      "(1, '2000000004', '7', 0), (1, '2000000005', '777', 0), (1, '2000000006', '12345678', 0)");
  BOOST_TEST(stack.get(range_uri("admin", "20", number(0), number(17))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.get(range_uri("admin", "20", number(0), number(16))).body == created(17, 17));
  const Rows full = all_cards(stack);
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards WHERE CHAR_LENGTH(pin) = 2") ==
             "20");
  BOOST_TEST(
      stack.scalar(
          "SELECT COUNT(*) FROM cards WHERE cardgroup_id = 20 AND pin REGEXP '^[0-9]{2}$'") ==
      "17");

  // The space is now full, and the whole range counts: numbers that all exist are refused by
  // the PIN rule (it comes before `Cards already exist`), one more new number too, here and in
  // another group with 2-digit PINs.
  BOOST_TEST(stack.get(range_uri("admin", "20", number(0), number(0))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.get(range_uri("admin", "20", number(16), number(17))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.get(range_uri("admin", "21", number(0), number(0))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(all_cards(stack) == full);

  // Freeing PINs makes room again: 17 + a range of 3 (one of them existing) is 20.
  stack.exec("DELETE FROM cards WHERE number IN ('2000000001', '2000000002', '2000000003')");
  BOOST_TEST(stack.get(range_uri("admin", "20", number(16), number(19))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.get(range_uri("admin", "20", number(16), number(18))).body == created(2, 3));
  BOOST_TEST(stack.get(range_uri("admin", "21", number(0), number(0))).body == created(1, 1));
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards WHERE CHAR_LENGTH(pin) = 2") ==
             "20");
  BOOST_TEST(stack.get(range_uri("admin", "21", number(1), number(1))).body ==
             page_error(kPinTooShort));
}

BOOST_AUTO_TEST_CASE(pin_space_allows_exactly_a_fifth) {
  Stack stack;
  // 1-digit PINs: 2 of 10.
  add_group(stack, 22, 10, 1);
  BOOST_TEST(stack.get(range_uri("admin", "22", number(0), number(2))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.get(range_uri("admin", "22", number(0), number(1))).body == created(2, 2));
  const Rows rows = stack.rows("SELECT pin FROM cards ORDER BY pin");
  BOOST_REQUIRE(rows.size() == 2u);
  std::set<std::string> pins;
  for (const auto& row : rows) {
    BOOST_TEST(std::regex_match(row[0], std::regex("[0-9]")), "pin " << row[0]);
    pins.insert(row[0]);
  }
  BOOST_TEST(pins.size() == 2u);
  // 3-digit PINs: 200 of 1000, in two requests; after 150, a range of 51 is one too many.
  add_group(stack, 23, 10, 3);
  BOOST_TEST(stack.get(range_uri("admin", "23", number(0), number(200))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.get(range_uri("admin", "23", number(0), number(149))).body == created(150, 150));
  BOOST_TEST(stack.get(range_uri("admin", "23", number(150), number(200))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.get(range_uri("admin", "23", number(150), number(199))).body == created(50, 50));
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards WHERE cardgroup_id = 23 AND "
                          "pin REGEXP '^[0-9]{3}$'") == "200");
  // No PIN digits at all: a fifth of one PIN holds no card.
  add_group(stack, 24, 10, 0);
  BOOST_TEST(stack.get(range_uri("admin", "24", number(0), number(0))).body ==
             page_error(kPinTooShort));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "202");
}

// A batch does not draw a PIN twice (issue 11): 200 3-digit PINs from 1,000 would collide with
// the batch's own about 20 times, each a skipped row and a read-back of the chunk. Without other
// cards, the database skips nothing: 128 + 64 + 8 rows in three INSERTs, no read-back.
BOOST_AUTO_TEST_CASE(a_batch_does_not_draw_its_own_pins_again) {
  Stack stack;
  add_group(stack, 25, 10, 3);
  stack.exec("SET GLOBAL log_output = 'TABLE'");
  stack.exec("TRUNCATE mysql.general_log");
  stack.exec("SET GLOBAL general_log = 1");
  const auto answer = stack.get(range_uri("admin", "25", number(0), number(199)));
  stack.exec("SET GLOBAL general_log = 0");
  BOOST_TEST(answer.body == created(200, 200));
  const std::string executed =
      "SELECT COUNT(*) FROM mysql.general_log WHERE command_type = 'Execute' AND argument LIKE "
      "BINARY ";
  BOOST_TEST(stack.scalar(executed + "'INSERT IGNORE INTO cards%'") == "3");
  BOOST_TEST(stack.scalar(executed + "'SELECT number, pin FROM cards%'") == "0");
  BOOST_TEST(
      stack.rows("SELECT COUNT(*), COUNT(DISTINCT pin) FROM cards WHERE cardgroup_id = 25") ==
      (Rows{{"200", "200"}}));
}

// PIN lengths past what 64 bits can count (20% of 10^20 does not fit): the rule still allows them
// and the PINs have exactly that many digits.
BOOST_AUTO_TEST_CASE(long_pin_lengths) {
  Stack stack;
  int group = 40;
  for (const int length : {18, 19, 20, 25, 30}) {
    add_group(stack, group, 10, length);
    BOOST_TEST(stack.get(range_uri("admin", std::to_string(group), number(0), number(99))).body ==
                   created(100, 100),
               "pin_length " << length);
    const std::string digits = "^[0-9]{" + std::to_string(length) + "}$";
    BOOST_TEST(stack.rows("SELECT COUNT(*), COUNT(DISTINCT pin), SUM(pin REGEXP '" + digits +
                          "') FROM cards WHERE cardgroup_id = " + std::to_string(group)) ==
                   (Rows{{"100", "100", "100"}}),
               "pin_length " << length);
    ++group;
  }
}

BOOST_AUTO_TEST_CASE(reseller_and_accountant) {
  Stack stack;
  // The reseller on its own group with its own secret: 6-digit PINs, owner 3, its own user as
  // distributor.
  BOOST_TEST(stack
                 .get(range_uri("user", "3", number(0), number(4), "secret3",
                                "&distributor_id=5&batch_number=R1"))
                 .body == created(5, 5));
  // The system secret is accepted for a reseller too.
  BOOST_TEST(stack.get(range_uri("user", "3", number(5), number(6), "secret")).body ==
             created(2, 2));
  Rows expected;
  for (int i = 0; i <= 6; ++i) {
    expected.push_back({"3", number(i), "3", kZeroMoney, "0", i < 5 ? "R1" : "NULL", kZeroMoney,
                        "en", i < 5 ? "5" : "-1"});
  }
  BOOST_TEST(stack.rows("SELECT cardgroup_id, number, owner_id, balance, sold, batch_number, "
                        "min_balance, language, user_id FROM cards ORDER BY number") == expected);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE pin REGEXP '^[0-9]{6}$'") == "7");
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards") == "7");

  // accountant2 acts for owner 0: group 1, 8-digit PINs, owner 0, the admin's user 2.
  BOOST_TEST(stack
                 .get(range_uri("accountant2", "1", number(0), number(2), "secret",
                                "&distributor_id=2&min_balance=2.5&language=lt"))
                 .body == created(3, 3));
  expected.clear();
  for (int i = 0; i <= 2; ++i) {
    expected.push_back(
        {"1", number(i), "0", kDemoPrice, "0", "NULL", "2.500000000000000", "lt", "2"});
  }
  BOOST_TEST(stack.rows("SELECT cardgroup_id, number, owner_id, balance, sold, batch_number, "
                        "min_balance, language, user_id FROM cards WHERE cardgroup_id = 1 "
                        "ORDER BY number") == expected);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE cardgroup_id = 1 AND "
                          "pin REGEXP '^[0-9]{8}$'") == "3");
  // The same numbers in the reseller's group and the admin's group are different cards.
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "10");
}

BOOST_AUTO_TEST_CASE(optional_parameters_fall_back_silently) {
  Stack stack;
  int next = 0;
  // Creates one card in group 1 with these optional parameters and returns its options.
  const auto one_card = [&](const std::string& extra, const std::string& u = "admin",
                            const std::string& group = "1", const std::string& secret = "secret") {
    const std::string n = number(next++);
    BOOST_TEST(stack.get(range_uri(u, group, n, n, secret, extra)).body == created(1, 1), extra);
    return card_options(stack, n);
  };
  const std::string en = "en";
  const auto row = [&](const std::string& batch, const std::string& min_balance,
                       const std::string& language, const std::string& user) {
    return std::vector<std::string>{"0", kDemoPrice, "0", batch, min_balance, language, user};
  };

  // Nothing optional: NULL batch, 0, en, -1.
  BOOST_TEST(one_card("") == row("NULL", kZeroMoney, en, "-1"));

  // min_balance: plain decimals >= 0 are taken, anything else is 0.
  BOOST_TEST(one_card("&min_balance=0.25") == row("NULL", "0.250000000000000", en, "-1"));
  BOOST_TEST(one_card("&min_balance=7.") == row("NULL", "7.000000000000000", en, "-1"));
  BOOST_TEST(one_card("&min_balance=.5") == row("NULL", "0.500000000000000", en, "-1"));
  BOOST_TEST(one_card("&min_balance=0") == row("NULL", kZeroMoney, en, "-1"));
  // The widest the column holds: 15 integer digits and 15 decimals; one more of either is 0.
  BOOST_TEST(one_card("&min_balance=999999999999999.123456789012345") ==
             row("NULL", "999999999999999.123456789012345", en, "-1"));
  BOOST_TEST(one_card("&min_balance=1999999999999999") == row("NULL", kZeroMoney, en, "-1"));
  BOOST_TEST(one_card("&min_balance=1.1234567890123456") == row("NULL", kZeroMoney, en, "-1"));
  for (const std::string bad : {"-1", "abc", "1e5", "%2015", "15%20", "1,5", "", "."}) {
    BOOST_TEST(one_card("&min_balance=" + bad) == row("NULL", kZeroMoney, en, "-1"),
               "min_balance " << bad);
  }

  // language: up to 10 letters, digits, _ and -; else en.
  BOOST_TEST(one_card("&language=lt") == row("NULL", kZeroMoney, "lt", "-1"));
  BOOST_TEST(one_card("&language=abcdefghij") == row("NULL", kZeroMoney, "abcdefghij", "-1"));
  BOOST_TEST(one_card("&language=pt_BR-x123") == row("NULL", kZeroMoney, "pt_BR-x123", "-1"));
  for (const std::string bad :
       {"abcdefghijk", "e%20n", "e%3Bn", "%27en%27", "%C4%85", "e.n", "", "%00"}) {
    BOOST_TEST(one_card("&language=" + bad) == row("NULL", kZeroMoney, en, "-1"),
               "language " << bad);
  }

  // distributor_id: only a plain user of the caller.
  BOOST_TEST(one_card("&distributor_id=2") == row("NULL", kZeroMoney, en, "2"));
  BOOST_TEST(one_card("&distributor_id=002") == row("NULL", kZeroMoney, en, "2"));
  for (const std::string bad : {"5", "3", "0", "4", "6", "999", "x", "-1", "2x", ""}) {
    BOOST_TEST(one_card("&distributor_id=" + bad) == row("NULL", kZeroMoney, en, "-1"),
               "distributor_id " << bad);
  }
  // For the reseller, its user 5 is a distributor and the admin's user 2 is not.
  std::string n = number(next++);
  BOOST_TEST(stack.get(range_uri("user", "3", n, n, "secret3", "&distributor_id=2")).body ==
             created(1, 1));
  BOOST_TEST(card_options(stack, n).back() == "-1");

  // batch_number: any text up to 255 bytes, stored as decoded (invalid UTF-8 replaced).
  BOOST_TEST(one_card("&batch_number=B%3C1%3E%20%26") == row("B<1> &", kZeroMoney, en, "-1"));
  BOOST_TEST(one_card("&batch_number=") == row("", kZeroMoney, en, "-1"));
  BOOST_TEST(one_card("&batch_number=a%FFb") == row("a\xEF\xBF\xBD"
                                                    "b",
                                                    kZeroMoney, en, "-1"));
  BOOST_TEST(one_card("&batch_number=" + std::string(255, 'b')) ==
             row(std::string(255, 'b'), kZeroMoney, en, "-1"));
  BOOST_TEST(one_card("&batch_number=" + std::string(256, 'b')) ==
             row("NULL", kZeroMoney, en, "-1"));

  // All together, bad ones beside good ones.
  BOOST_TEST(one_card("&batch_number=7&min_balance=-3&language=de&distributor_id=5") ==
             row("7", kZeroMoney, "de", "-1"));
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards") == std::to_string(next));
}

BOOST_AUTO_TEST_CASE(post_and_json_bodies) {
  Stack stack;
  const std::string body =
      "u=admin&card_group_id=1&cards_from=1000000025&cards_till=1000000035&"
      "batch_number=50&min_balance=15&language=en&distributor_id=2&"
      "hash=7e112ededcfee097cce21b6201c6d2a00dda1f4c";
  BOOST_TEST(stack.post("/billing/api/calling_cards_create", body).body == created(11, 11));
  const auto json = stack.post(
      "/api/calling_cards_create",
      R"({"u":"admin","card_group_id":1,"cards_from":"1000000030","cards_till":"1000000039",)"
      R"("hash":")" +
          sha1("110000000301000000039secret") + "\"}",
      "application/json");
  BOOST_TEST(json.body == created(4, 10));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "15");
}

BOOST_AUTO_TEST_CASE(concurrent_overlapping_ranges) {
  Stack stack(4);
  constexpr int kThreads = 4;
  // [0000, 0999], [0500, 1499], [1000, 1999], [1500, 2499]: 2,500 numbers in all, each thread
  // overlapping its neighbours by half.
  for (int round = 0; round < 2; ++round) {
    const int64_t base = 1000000000 + round * 100000;
    int64_t counts[kThreads] = {};
    std::string bodies[kThreads];
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        bodies[i] =
            stack.get(range_uri("admin", "1", number(i * 500, base), number(i * 500 + 999, base)))
                .body;
        counts[i] = created_count(bodies[i]);
      });
    }
    for (auto& thread : threads) thread.join();
    int64_t sum = 0;
    for (int i = 0; i < kThreads; ++i) {
      BOOST_TEST(counts[i] >= 0, bodies[i]);
      // A range its neighbours filled first creates nothing: MOR's error, not a success with 0.
      BOOST_TEST(bodies[i] == (counts[i] == 0 ? kAlreadyExist : created(counts[i], 1000)));
      sum += counts[i];
    }
    BOOST_TEST(sum == 2500);
    BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE number BETWEEN '" + number(0, base) +
                            "' AND '" + number(2499, base) + "'") == "2500");
  }
  BOOST_TEST(stack.rows("SELECT COUNT(*), COUNT(DISTINCT number), COUNT(DISTINCT pin), "
                        "SUM(pin REGEXP '^[0-9]{8}$') FROM cards") ==
             (Rows{{"5000", "5000", "5000", "5000"}}));
}

BOOST_AUTO_TEST_CASE(large_batch_and_carries) {
  Stack stack;
  BOOST_TEST(stack.get(range_uri("admin", "1", number(100000), number(119999))).body ==
             created(20000, 20000));
  BOOST_TEST(stack.rows("SELECT COUNT(*), COUNT(DISTINCT number), COUNT(DISTINCT pin), "
                        "SUM(pin REGEXP '^[0-9]{8}$'), MIN(number), MAX(number), "
                        "SUM(CHAR_LENGTH(number) = 10), MIN(owner_id), MAX(owner_id), "
                        "SUM(batch_number IS NULL), SUM(user_id = -1) FROM cards") ==
             (Rows{{"20000", "20000", "20000", "20000", number(100000), number(119999), "20000",
                    "0", "0", "20000", "20000"}}));
  // Every number of the range is there: the sum of the offsets is 0 + 1 + ... + 19999.
  BOOST_TEST(stack.scalar("SELECT SUM(CAST(number AS UNSIGNED) - 1000100000) FROM cards") ==
             "199990000");

  // Across a carry: exactly the 21 listed numbers.
  BOOST_TEST(stack.get(range_uri("admin", "1", "1000009990", "1000010010")).body ==
             created(21, 21));
  Rows expected;
  for (int i = 9990; i <= 10010; ++i) expected.push_back({number(i)});
  BOOST_TEST(stack.rows("SELECT number FROM cards WHERE number < '1000100000' ORDER BY number") ==
             expected);

  // Leading zeros stay, across several carries.
  BOOST_TEST(stack.get(range_uri("admin", "1", "0000000997", "0000001002")).body == created(6, 6));
  BOOST_TEST(stack.rows("SELECT number FROM cards WHERE number < '1' ORDER BY number") ==
             (Rows{{"0000000997"},
                   {"0000000998"},
                   {"0000000999"},
                   {"0000001000"},
                   {"0000001001"},
                   {"0000001002"}}));
  // Up to the last number of the width.
  BOOST_TEST(stack.get(range_uri("admin", "1", "9999999998", "9999999999")).body == created(2, 2));
  BOOST_TEST(stack.rows("SELECT number FROM cards WHERE number > '9' ORDER BY number") ==
             (Rows{{"9999999998"}, {"9999999999"}}));
  BOOST_TEST(stack.rows("SELECT COUNT(*), COUNT(DISTINCT pin) FROM cards") ==
             (Rows{{"20029", "20029"}}));
}

// SPEC 4.1's PIN space rule holds across concurrent requests: two requests for 11 cards each in
// two groups with 2-digit PINs (11 + 11 > 20% of 100), so one of them must get `PIN is too short
// for this interval`.
BOOST_AUTO_TEST_CASE(concurrent_requests_respect_the_pin_space_rule) {
  Stack stack(4);
  for (int round = 0; round < 10; ++round) {
    const std::string groups[2] = {std::to_string(30 + 2 * round), std::to_string(31 + 2 * round)};
    stack.exec("DELETE FROM cards");
    for (const std::string& group : groups) add_group(stack, std::stoi(group), 10, 2);
    std::string bodies[2];
    std::vector<std::thread> threads;
    for (int i = 0; i < 2; ++i) {
      threads.emplace_back([&, i] {
        bodies[i] = stack.get(range_uri("admin", groups[i], number(0), number(10))).body;
      });
    }
    for (auto& thread : threads) thread.join();
    const std::set<std::string> outcomes(bodies, bodies + 2);
    BOOST_TEST((outcomes == std::set<std::string>{created(11, 11), page_error(kPinTooShort)}),
               "round " << round << ": " << bodies[0] << bodies[1]);
    BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") == "11");
  }
}

// Only batches of one PIN length take turns: a card group of another length that something
// else holds (here a batch-sized lock on group 1, 8-digit PINs) does not hold up a batch of
// 6-digit PINs in group 3.
BOOST_AUTO_TEST_CASE(batches_of_other_pin_lengths_do_not_wait) {
  Stack stack;
  std::atomic<bool> released{false};
  std::thread holder([&] {
    stack.exec(
        "START TRANSACTION; SELECT id FROM cardgroups WHERE id = 1 FOR UPDATE; "
        "SELECT SLEEP(5); COMMIT");
    released = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const std::string body = stack.get(range_uri("admin", "3", "3000000000", "3000000002")).body;
  const bool answered_while_held = !released;
  holder.join();
  BOOST_TEST(body == created(3, 3));
  BOOST_TEST(answered_while_held);
}

// Wide numbers: the range is counted exactly, whatever the width, so two cards across a carry in
// 19 digits are two cards, not "too many".
BOOST_AUTO_TEST_CASE(wide_numbers_are_counted_exactly) {
  Stack stack;
  add_group(stack, 9, 19, 8);
  BOOST_TEST(
      stack.get(range_uri("admin", "9", "0999999999999999999", "1000000000000000000")).body ==
      created(2, 2));
  BOOST_TEST(stack.rows("SELECT number FROM cards WHERE cardgroup_id = 9 ORDER BY number") ==
             (Rows{{"0999999999999999999"}, {"1000000000000000000"}}));
  BOOST_TEST(
      stack.get(range_uri("admin", "9", "0000000000000000000", "9999999999999999999")).body ==
      page_error("Too many cards requested"));
}
