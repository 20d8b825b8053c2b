// did_create (SPEC §4.4) against a real MariaDB and real workers: every message, exact XML and
// exact rows.
#define BOOST_TEST_MODULE did_create
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <thread>

#include "fixture.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

const std::string kSeedHash = "bc2f114099d16656d37e45fd9e8744cb9386d462";  // SHA1("1secret")

std::string created(const std::string& id) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <status>\n"
         "    <success>DID created</success>\n  </status>\n  <did_details>\n"
         "    <id>" +
         id + "</id>\n  </did_details>\n</page>\n";
}

std::string did_create(const std::string& query) {
  return "/billing/api/did_create?" + query;
}

// A did_create signed with the method list: provider_id then did.
std::string signed_query(const std::string& u, const std::string& provider, const std::string& did,
                         const std::string& secret = "secret") {
  std::string query = "u=" + u + "&did=" + did;
  if (!provider.empty()) query += "&provider_id=" + provider;
  return query + "&hash=" + sha1(provider + did + secret);
}

}  // namespace

BOOST_AUTO_TEST_CASE(seed_request_creates_then_finds_it_exists) {
  Stack stack;
  const std::string uri = did_create("u=admin&did=123456789&provider_id=1&hash=" + kSeedHash);
  const auto first = stack.get(uri);
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body == created("100"));
  BOOST_TEST(first.header("Content-Type") == "text/xml; charset=utf-8");
  BOOST_TEST(first.header("Content-Disposition") == "attachment; filename=mor_api_response.xml");
  BOOST_TEST(stack.rows("SELECT id, did, status, provider_id, reseller_id, user_id, device_id, "
                        "comment IS NULL FROM dids WHERE did = '123456789'") ==
             (std::vector<std::vector<std::string>>{
                 {"100", "123456789", "free", "1", "0", "0", "0", "1"}}));
  BOOST_TEST(
      stack.rows("SELECT rate_type, rate = 0, increment_s, start_time, end_time, daytype "
                 "FROM didrates WHERE did_id = 100 ORDER BY id") ==
      (std::vector<std::vector<std::string>>{{"provider", "1", "1", "00:00:00", "23:59:59", ""},
                                             {"incoming", "1", "1", "00:00:00", "23:59:59", ""},
                                             {"owner", "1", "1", "00:00:00", "23:59:59", ""}}));

  const auto second = stack.get(uri);
  BOOST_TEST(second.body == page_error("DID already exists"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "2");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM didrates") == "6");
}

BOOST_AUTO_TEST_CASE(method_list_hash_and_post_body) {
  Stack stack;
  const auto response = stack.post("/billing/api/did_create", signed_query("admin", "1", "555"));
  BOOST_TEST(response.body == created("100"));
  // The same over /api/ with a JSON body.
  const auto json = stack.post(
      "/api/did_create",
      R"({"u":"admin","did":"556","provider_id":1,"hash":")" + sha1("1556secret") + "\"}",
      "application/json");
  BOOST_TEST(json.body == created("101"));
}

// A captured provider_id+did signature signs that one DID only: with MOR's global order (which
// also counts `status`, `id`, ... that did_create ignores) it would sign any DID sent beside
// `status=<the signed did>`.
BOOST_AUTO_TEST_CASE(a_captured_signature_creates_no_other_did) {
  Stack stack;
  const std::string captured = sha1("1555secret");
  for (const std::string extra : {"status=555", "id=555", "status=5&id=55"}) {
    BOOST_TEST(stack.get(did_create("u=admin&provider_id=1&" + extra + "&did=777&hash=" + captured))
                   .body == page_error("Incorrect hash"));
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM didrates") == "3");
  // The signed DID itself still works, extra names or not.
  BOOST_TEST(
      stack.get(did_create("u=admin&provider_id=1&status=x&did=555&hash=" + captured)).body ==
      created("100"));
}

// With did_create_provider_only_hash = 0 only provider_id+did signatures are accepted: the seed
// page's hash of provider_id alone would let its holder create any DID on that provider.
BOOST_AUTO_TEST_CASE(the_provider_only_signature_can_be_turned_off) {
  Stack stack(1, {"--did_create_provider_only_hash=0"});
  BOOST_TEST(stack.get(did_create(kSeedDidCreateQuery)).body == page_error("Incorrect hash"));
  BOOST_TEST(stack.get(did_create("u=admin&provider_id=1&did=888&hash=" + kSeedHash)).body ==
             page_error("Incorrect hash"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  BOOST_TEST(stack.get(did_create(signed_query("admin", "1", "123456789"))).body == created("100"));
}

BOOST_AUTO_TEST_CASE(incorrect_hash_writes_one_action_row) {
  Stack stack(1);
  const time_t before = time(nullptr);
  for (int i = 0; i < 3; ++i) {
    const auto response =
        stack.get(did_create("u=admin&did=1&provider_id=1&p=secretpw&hash=" + sha1("nope")));
    BOOST_TEST(response.body == page_error("Incorrect hash"));
  }
  const time_t after = time(nullptr);
  const auto rows =
      stack.rows("SELECT user_id, action, data, data2, data3 FROM actions ORDER BY id");
  BOOST_REQUIRE(!rows.empty());
  BOOST_TEST(rows.size() <= static_cast<size_t>(after - before + 1));  // one per second at most
  BOOST_TEST(rows[0] == (std::vector<std::string>{
                            "-1", "error", "API : Incorrect hash",
                            "/billing/api/did_create?u=admin&did=1&provider_id=1&p=[FILTERED]"
                            "&hash=[FILTERED]",
                            "127.0.0.1"}));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  // Cut, uppercase and empty hashes are all wrong.
  for (const std::string& hash : std::vector<std::string>{
           kSeedHash.substr(0, 38), "BC2F114099D16656D37E45FD9E8744CB9386D462", ""}) {
    BOOST_TEST(stack.get(did_create("u=admin&did=1&provider_id=1&hash=" + hash)).body ==
               page_error("Incorrect hash"));
  }
}

BOOST_AUTO_TEST_CASE(an_empty_secret_never_matches) {
  Stack stack;
  stack.set_setting("API_Secret_Key", "");
  BOOST_TEST(stack.get(did_create("u=admin&did=77&provider_id=1&hash=" + sha1("177"))).body ==
             page_error("Incorrect hash"));
  stack.exec("DELETE FROM conflines WHERE name = 'API_Secret_Key' AND owner_id = 0");
  BOOST_TEST(stack.get(did_create("u=admin&did=77&provider_id=1&hash=" + sha1("177"))).body ==
             page_error("Incorrect hash"));
}

BOOST_AUTO_TEST_CASE(hash_checking_can_be_disabled) {
  Stack stack;
  stack.set_setting("API_Disable_hash_checking", "1");
  BOOST_TEST(stack.get(did_create("u=admin&did=78&provider_id=1")).body == created("100"));
}

BOOST_AUTO_TEST_CASE(access_denied) {
  Stack stack;
  // No u, an unknown u, a plain user, a blocked admin: the hash is right, the caller is not.
  BOOST_TEST(stack.get(did_create("did=1&provider_id=1&hash=" + sha1("11secret"))).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.get(did_create(signed_query("nobody", "1", "1"))).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.get(did_create(signed_query("user_admin", "1", "1"))).body ==
             page_error("Access Denied"));
  // user_reseller is a user of reseller 3: it signs with its owner's secret.
  BOOST_TEST(stack.get(did_create(signed_query("user_reseller", "1", "1", "secret3"))).body ==
             page_error("Access Denied"));
  stack.exec("UPDATE users SET blocked = 1 WHERE id = 0");
  BOOST_TEST(stack.get(did_create(signed_query("admin", "1", "1"))).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
}

BOOST_AUTO_TEST_CASE(provider_checks) {
  Stack stack;
  // No provider_id for the admin (MOR_REFERENCE vector: hash of the secret alone).
  BOOST_TEST(
      stack.get(did_create("u=admin&did=&hash=e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4")).body ==
      page_error("Provider was not found"));
  BOOST_TEST(stack.get(did_create(signed_query("admin", "99", "5"))).body ==
             page_error("Provider was not found"));
  BOOST_TEST(stack.get(did_create(signed_query("admin", "x1", "5"))).body ==
             page_error("Provider was not found"));
  stack.exec("UPDATE providers SET hidden = 1 WHERE id = 1");
  BOOST_TEST(stack.get(did_create(signed_query("admin", "1", "5"))).body ==
             page_error("Provider was not found"));
  // Provider 2 belongs to reseller 3: not the admin's.
  BOOST_TEST(stack.get(did_create(signed_query("admin", "2", "5"))).body ==
             page_error("You are not authorized to use this Provider"));
  BOOST_TEST(stack.get(did_create(signed_query("accountant2", "2", "5"))).body ==
             page_error("You are not authorized to use this Provider"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
}

BOOST_AUTO_TEST_CASE(did_management_rights) {
  Stack stack;
  BOOST_TEST(stack.get(did_create(signed_query("accountant", "1", "5"))).body ==
             page_error("You are not authorized to manage DIDs"));
  BOOST_TEST(stack.get(did_create(signed_query("accountant2", "1", "5"))).body == created("100"));
  stack.set_setting("Resellers_can_add_their_own_DIDs", "0");
  BOOST_TEST(stack.get(did_create(signed_query("user", "2", "6", "secret3"))).body ==
             page_error("You are not authorized to manage DIDs"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "2");
}

BOOST_AUTO_TEST_CASE(reseller_dids) {
  Stack stack;
  // Own provider, own secret.
  BOOST_TEST(stack.get(did_create(signed_query("user", "2", "61", "secret3"))).body ==
             created("100"));
  // No provider_id: the default provider for resellers; the system secret is accepted too.
  BOOST_TEST(stack.get(did_create(signed_query("user", "", "62", "secret"))).body ==
             created("101"));
  BOOST_TEST(stack.rows("SELECT did, provider_id, reseller_id FROM dids WHERE id >= 100 "
                        "ORDER BY id") ==
             (std::vector<std::vector<std::string>>{{"61", "2", "3"}, {"62", "1", "3"}}));
  // Without a default provider, no provider_id means none.
  stack.exec("DELETE FROM conflines WHERE name = 'DID_default_provider_to_resellers'");
  BOOST_TEST(stack.get(did_create(signed_query("user", "", "63", "secret3"))).body ==
             page_error("Provider was not found"));
  BOOST_TEST(stack.get(did_create(signed_query("user", "1", "63", "secret3"))).body ==
             page_error("You are not authorized to use this Provider"));
}

BOOST_AUTO_TEST_CASE(invalid_did) {
  Stack stack;
  for (const std::string& did :
       std::vector<std::string>{"", "479k469588", "12.5", " 123", "-1", std::string(51, '1')}) {
    BOOST_TEST(stack.get(did_create(signed_query("admin", "1", did))).body ==
               page_error("Invalid DID specified"));
  }
  // No did at all (the hash then covers provider_id alone).
  BOOST_TEST(stack.get(did_create("u=admin&provider_id=1&hash=" + kSeedHash)).body ==
             page_error("Invalid DID specified"));
  // "DID already exists" is checked first: the demo's DID, then an invalid one that exists.
  BOOST_TEST(stack.get(did_create(signed_query("admin", "1", "37060000003"))).body ==
             page_error("DID already exists"));
  stack.exec("INSERT INTO dids (did) VALUES ('abc')");
  BOOST_TEST(stack.get(did_create(signed_query("admin", "1", "abc"))).body ==
             page_error("DID already exists"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM didrates") == "3");
}

BOOST_AUTO_TEST_CASE(comments_and_sip_header_are_stored) {
  Stack stack;
  const std::string uri = did_create(signed_query("admin", "1", "900") +
                                     "&comment=main+%3Cnote%3E&reseller_comment=&custom_sip_header="
                                     "X-Tag%3A+1%FF");
  BOOST_TEST(stack.get(uri).body == created("100"));
  BOOST_TEST(stack.rows("SELECT comment, reseller_comment, custom_sip_header FROM dids "
                        "WHERE id = 100") ==
             (std::vector<std::vector<std::string>>{{"main <note>", "", "X-Tag: 1\xEF\xBF\xBD"}}));
}

// The log lines of the worker (after the master's start-up lines) that contain `needle`.
std::vector<std::string> log_lines_with(const std::string& log, const std::string& needle) {
  std::vector<std::string> found;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) != std::string::npos) found.push_back(line);
  }
  return found;
}

// Client text reaches morapi's log through a database error (as `Duplicate entry '...'` quotes
// a value) and through the request line's fields: newlines and other control characters are
// replaced, so each log call stays one line and no client forges one (SPEC §6).
BOOST_AUTO_TEST_CASE(client_text_in_a_logged_error_stays_on_one_line) {
  Stack stack(1);
  stack.set_setting("API_Disable_hash_checking", "1");
  stack.exec(
      "CREATE TRIGGER quote_comment BEFORE INSERT ON dids FOR EACH ROW "
      "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = NEW.comment");
  FcgiRequest request;
  request.uri = did_create("u=admin&provider_id=1&did=5&comment=one%0Aforged+two%0Dthree");
  request.remote_addr = "10.0.0.1\r\nforged\x1b[31m\x01";
  BOOST_TEST(stack.send(request).body == page_error("DID creation failed"));
  request.uri = did_create("u=ad%0Aforged%09%00min&provider_id=1&did=5");
  request.remote_addr = "10.0.0.2";
  BOOST_TEST(stack.send(request).body == page_error("Access Denied"));

  // A worker logs a request after answering it: wait for the last line.
  wait_until([&] { return stack.log().find(" 10.0.0.2\n") != std::string::npos; }, 5s);
  const std::string log = stack.log();
  const auto lines = log_lines_with(log, "forged");
  BOOST_REQUIRE_MESSAGE(lines.size() == 3, log);
  BOOST_TEST(lines[0].ends_with(" error did_create failed: one?forged two?three"));
  BOOST_TEST(lines[1].ends_with(" u=admin 10.0.0.1??forged?[31m?"));
  BOOST_TEST(lines[2].ends_with(" u=ad?forged??min 10.0.0.2"));
  BOOST_TEST(log_lines_with(log, "three").size() == 1);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
}

// A direct FastCGI peer may send any REMOTE_ADDR: the failed-hash row keeps what fits
// (actions.data3 is varchar(255)) instead of failing.
BOOST_AUTO_TEST_CASE(a_long_client_address_still_records_the_failed_hash) {
  Stack stack(1);
  FcgiRequest request;
  request.uri = did_create("u=admin&provider_id=1&did=5&hash=" + std::string(40, '0'));
  request.remote_addr = std::string(300, 'a');
  BOOST_TEST(stack.send(request).body == page_error("Incorrect hash"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions WHERE data = 'API : Incorrect hash' AND "
                          "data3 = REPEAT('a', 255)") == "1");
}

BOOST_AUTO_TEST_CASE(concurrent_creates_of_one_did) {
  Stack stack(2);
  for (int round = 0; round < 10; ++round) {
    const std::string uri = did_create(signed_query("admin", "1", "4400" + std::to_string(round)));
    std::string bodies[2];
    std::thread a([&] { bodies[0] = stack.get(uri).body; });
    std::thread b([&] { bodies[1] = stack.get(uri).body; });
    a.join();
    b.join();
    const int successes = (bodies[0].find("DID created") != std::string::npos) +
                          (bodies[1].find("DID created") != std::string::npos);
    BOOST_TEST(successes == 1);
    BOOST_TEST((bodies[0] == page_error("DID already exists") ||
                bodies[1] == page_error("DID already exists")));
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did LIKE '4400%'") == "10");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM didrates r JOIN dids d ON d.id = r.did_id "
                          "WHERE d.did LIKE '4400%'") == "30");
}
