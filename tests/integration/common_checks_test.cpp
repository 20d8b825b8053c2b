// The checks every method shares (SPEC §1–3): API and GET switches, unknown methods, content
// types, limits and input that must not break anything.
#define BOOST_TEST_MODULE common_checks
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <random>

#include "fixture.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

const std::string kSeed = "/billing/api/did_create?" + kSeedDidCreateQuery;

// A cc_by_cli error in any shape it has had: `<page><status><error>`, MOR's `<page><error>`,
// or (for the checks before the method) `<status><error>`.
bool is_cc_by_cli_error(const std::string& body, const std::string& message) {
  const std::string page = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <error>" +
                           message + "</error>\n</page>\n";
  return body == page_error(message) || body == page || body == status_error(message);
}

}  // namespace

BOOST_AUTO_TEST_CASE(api_requests_disabled) {
  Stack stack;
  for (const std::string value : {"0", "", "yes"}) {
    stack.set_setting("Allow_API", value);
    const auto response = stack.get(kSeed);
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.body == status_error("API Requests are disabled"));
    BOOST_TEST(stack.post(kSeed, "").body == status_error("API Requests are disabled"));
  }
  // A reseller's own Allow_API row does not count.
  stack.set_setting("Allow_API", "1", 3);
  BOOST_TEST(stack.get(kSeed).body == status_error("API Requests are disabled"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
}

// MOR reads its switches as integers (Ruby's to_i): `01` and ` 1` are 1, `yes` and `2` are not.
BOOST_AUTO_TEST_CASE(switches_are_read_as_integers) {
  Stack stack;
  stack.set_setting("Allow_API", "01");
  stack.set_setting("Allow_GET_API", " 1");
  stack.set_setting("XML_API_Extension", "1 ");
  stack.set_setting("Resellers_can_add_their_own_DIDs", "01");
  auto response = stack.get(kSeed);
  BOOST_TEST(response.body.find("<success>DID created</success>") != std::string::npos);
  BOOST_TEST(response.header("Content-Type") == "text/xml; charset=utf-8");
  // A reseller adds a DID on its own provider 2, signed provider_id + did with its secret.
  const std::string reseller =
      "/billing/api/did_create?u=user&did=61&provider_id=2&hash=" + sha1("261secret3");
  BOOST_TEST(stack.get(reseller).body.find("<success>DID created</success>") != std::string::npos);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "3");

  stack.set_setting("Allow_API", " 1");
  stack.set_setting("XML_API_Extension", "yes");
  stack.set_setting("Resellers_can_add_their_own_DIDs", "2");
  response = stack.get(kSeed);
  BOOST_TEST(response.body == page_error("DID already exists"));
  BOOST_TEST(response.header("Content-Type") == "text/html; charset=utf-8");
  const std::string other =
      "/billing/api/did_create?u=user&did=62&provider_id=2&hash=" + sha1("262secret3");
  BOOST_TEST(stack.get(other).body == page_error("You are not authorized to manage DIDs"));
  stack.set_setting("Allow_GET_API", "yes");
  BOOST_TEST(stack.get(kSeed).body == status_error("GET Requests are disabled"));
  stack.set_setting("Allow_API", "2");
  BOOST_TEST(stack.post(kSeed, "").body == status_error("API Requests are disabled"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "3");
}

BOOST_AUTO_TEST_CASE(get_requests_disabled) {
  Stack stack;
  stack.set_setting("Allow_GET_API", "0");
  BOOST_TEST(stack.get(kSeed).body == status_error("GET Requests are disabled"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  const auto posted = stack.post(kSeed, "comment=by+post");
  BOOST_TEST(posted.body.find("<success>DID created</success>") != std::string::npos);
  BOOST_TEST(stack.scalar("SELECT comment FROM dids WHERE did = '123456789'") == "by post");
  // Allow_API is checked first.
  stack.set_setting("Allow_API", "0");
  BOOST_TEST(stack.get(kSeed).body == status_error("API Requests are disabled"));
}

BOOST_AUTO_TEST_CASE(unknown_method) {
  Stack stack;
  for (const std::string uri : {"/billing/api/no_such_method?u=admin", "/billing/api/",
                                "/api/DID_CREATE", "/billing/api/did_create_x"}) {
    const auto response = stack.get(uri);
    BOOST_TEST(response.status == 404);
    BOOST_TEST(response.body == status_error("There is no such API"));
  }
}

BOOST_AUTO_TEST_CASE(content_type_and_disposition) {
  Stack stack;
  auto response = stack.get("/billing/api/nothing");
  BOOST_TEST(response.header("Content-Type") == "text/xml; charset=utf-8");
  BOOST_TEST(response.header("Content-Disposition") == "attachment; filename=mor_api_response.xml");
  // test=1 renders inline.
  response = stack.get(kSeed + "&test=1");
  BOOST_TEST(response.header("Content-Type") == "text/html; charset=utf-8");
  BOOST_TEST(response.header("Content-Disposition") == "");
  BOOST_TEST(response.body.find("<success>DID created</success>") != std::string::npos);
  stack.set_setting("XML_API_Extension", "0");
  response = stack.get(kSeed);
  BOOST_TEST(response.header("Content-Type") == "text/html; charset=utf-8");
  BOOST_TEST(response.header("Content-Disposition") ==
             "attachment; filename=mor_api_response.html");
  BOOST_TEST(response.body == page_error("DID already exists"));
}

// test=1 (SPEC §3): every answer renders inline, the common checks' errors and the 404, 413 and
// 503 answers too: text/html and no Content-Disposition.
BOOST_AUTO_TEST_CASE(test_renders_every_answer_inline) {
  Stack stack(1, {"--max_body=1000"});
  using Headers = std::vector<std::pair<std::string, std::string>>;
  const auto inline_headers = [](const std::string& status, const std::string& body) {
    return Headers{{"Status", status},
                   {"Content-Type", "text/html; charset=utf-8"},
                   {"Content-Length", std::to_string(body.size())},
                   {"Vary", "Accept-Encoding"}};
  };
  const auto expect = [&](const HttpResponse& response, const std::string& status,
                          const std::string& body) {
    BOOST_TEST(response.body == body);
    Headers expected = inline_headers(status, body);
    // A 503 also tells whether anything was applied (SPEC 3).
    if (response.status == 503) {
      expected.insert(expected.begin() + 3, {"X-Morapi-Outcome", "not-applied"});
    }
    BOOST_TEST(response.headers == expected);
  };
  stack.set_setting("Allow_API", "0");
  expect(stack.get(kSeed + "&test=1"), "200 OK", status_error("API Requests are disabled"));
  expect(stack.post(kSeed, "test=1"), "200 OK", status_error("API Requests are disabled"));
  stack.set_setting("Allow_API", "1");
  stack.set_setting("Allow_GET_API", "0");
  expect(stack.get(kSeed + "&test=1"), "200 OK", status_error("GET Requests are disabled"));
  expect(stack.get("/billing/api/nothing?test=1"), "404 Not Found",
         status_error("There is no such API"));
  expect(stack.post("/billing/api/nothing", "test=1"), "404 Not Found",
         status_error("There is no such API"));
  // A body over the limit is not read: the query string's test=1 still counts.
  expect(stack.post(kSeed + "&test=1", std::string(1001, 'a')), "413 Payload Too Large",
         page_error("Request body is too large"));
  stack.exec("RENAME TABLE conflines TO conflines_away");
  expect(stack.get(kSeed + "&test=1"), "503 Service Unavailable",
         page_error("Service unavailable"));
  stack.exec("RENAME TABLE conflines_away TO conflines");
  // Without test=1 the same answers are attachments.
  const auto attachment = stack.get("/billing/api/nothing");
  BOOST_TEST(attachment.header("Content-Type") == "text/xml; charset=utf-8");
  BOOST_TEST(attachment.header("Content-Disposition") ==
             "attachment; filename=mor_api_response.xml");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
}

BOOST_AUTO_TEST_CASE(body_too_large) {
  Stack stack(1, {"--max_body=1000"});
  const auto response = stack.post(kSeed, std::string(1001, 'a'));
  BOOST_TEST(response.status == 413);
  BOOST_TEST(response.body == page_error("Request body is too large"));
  BOOST_TEST(stack.post(kSeed, "comment=" + std::string(992, 'b')).body.find("DID created") !=
             std::string::npos);
  BOOST_TEST(stack.scalar("SELECT LENGTH(comment) FROM dids WHERE did = '123456789'") == "992");
}

BOOST_AUTO_TEST_CASE(health) {
  Stack stack;
  const auto response = stack.get("/billing/api/_health");
  BOOST_TEST(response.status == 200);
  BOOST_TEST(response.body ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<health>\n  <database>ok</database>\n"
             "</health>\n");
}

BOOST_AUTO_TEST_CASE(malformed_input_changes_nothing_and_crashes_nothing) {
  Stack stack(2);
  const auto workers = stack.workers();
  std::mt19937 random(12345);
  const std::string alphabet = "%&=+;?/\\\"'<>\x00\xff\xc3\x28u0123456789abcdefhash_id";
  for (int i = 0; i < 300; ++i) {
    std::string junk;
    const int length = static_cast<int>(random() % 300);
    for (int k = 0; k < length; ++k) junk += alphabet[random() % alphabet.size()];
    const auto response = i % 3 == 0 ? stack.get("/billing/api/did_create?" + junk)
                          : i % 3 == 1
                              ? stack.post("/billing/api/did_rates_details_update?u=admin", junk,
                                           "multipart/form-data; boundary=" + junk.substr(0, 5))
                              : stack.post("/api/did_create", junk, "application/json");
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.body.find("<error>") != std::string::npos);
  }
  BOOST_TEST(stack.workers() == workers);  // no worker died
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  BOOST_TEST(stack.scalar("SELECT CONCAT(provider_tariff_id, allow_call_reject) FROM dids") ==
             "00");
}

// A JSON number is hashed and used as the text sent: 1.50 is signed as "1.50", and 1e3 is not a
// plain decimal, so it is refused as an amount instead of being credited as 1000.
BOOST_AUTO_TEST_CASE(json_numbers_are_hashed_and_used_as_sent) {
  Stack stack;
  const std::string cli = "37061111111";
  stack.exec("INSERT INTO callerids (cli, device_id, created_at, updated_at) VALUES ('" + cli +
             "', 2, NOW(), NOW())");
  const auto top_up = [&](const std::string& amount, const std::string& signed_amount) {
    const std::string body = R"({"u":"admin","p":"admin1","callerid":")" + cli + R"(","amount":)" +
                             amount + R"(,"hash":")" + sha1(signed_amount + cli + "secret") + "\"}";
    return stack.post("/billing/api/cc_by_cli", body, "application/json").body;
  };
  const auto money = [&] {
    return stack.scalar(
        "SELECT CONCAT(balance, '/', (SELECT COUNT(*) FROM payments)) FROM users "
        "WHERE id = 2");
  };
  const std::string before = money();
  BOOST_TEST(before == "0.000000000000000/0");
  BOOST_TEST(is_cc_by_cli_error(top_up("1e3", "1e3"), "Invalid amount"));
  BOOST_TEST(is_cc_by_cli_error(top_up("1E+03", "1E+03"), "Invalid amount"));
  BOOST_TEST(is_cc_by_cli_error(top_up("1.50", "1.5"), "Incorrect hash"));
  BOOST_TEST(money() == before);

  const std::string ok = top_up("1.50", "1.50");
  BOOST_TEST(ok.find("<status>ok</status>") != std::string::npos, ok);
  BOOST_TEST(ok.find("<new_balance>1.50</new_balance>") != std::string::npos, ok);
  BOOST_TEST(money() == "1.500000000000000/1");
  BOOST_TEST(stack.scalar("SELECT amount FROM payments") == "1.500000000000000");
}

namespace {

// The seed did_create (signed over provider_id alone) as a POST with this `u` and DID.
HttpResponse seed_as(Stack& stack, const std::string& u, const std::string& did) {
  return stack.post("/billing/api/did_create",
                    "u=" + u + "&did=" + did + "&provider_id=1&hash=" + sha1("1secret"));
}

// Lookups of users by name that morapi ran (prepared statements) since the general log began.
std::vector<std::string> username_lookups() {
  std::vector<std::string> lookups;
  for (const auto& row : shared_mariadb().query(
           "",
           "SELECT argument FROM mysql.general_log WHERE command_type = 'Execute' AND "
           "argument LIKE '%FROM users WHERE username%' ORDER BY event_time")) {
    lookups.push_back(row[0]);
  }
  return lookups;
}

// Under AddressSanitizer (the build-asan run of deploy/test.sh) a worker keeps freed memory in
// quarantine and pays for shadow memory, so its VmRSS measures ASan, not the user cache: the
// RSS test is skipped there (LeakSanitizer checks the leaks instead). The tests and morapi are
// always built with the same flags.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

long vm_rss_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace

// users.username holds 30 characters: a longer `u` names nobody and is never looked up. The
// collation pads with spaces, so a name followed by any number of spaces is that name.
BOOST_AUTO_TEST_CASE(long_usernames_are_nobody_without_a_lookup) {
  Stack stack(1);
  const std::string name(30, 'a');
  stack.exec("UPDATE users SET username = '" + name + "' WHERE id = 0");
  shared_mariadb().exec("",
                        "SET GLOBAL log_output = 'TABLE'; TRUNCATE mysql.general_log; "
                        "SET GLOBAL general_log = 1");
  BOOST_TEST(seed_as(stack, name, "71").body.find("DID created") != std::string::npos);
  BOOST_TEST(seed_as(stack, name + "a", "72").body == page_error("Access Denied"));
  BOOST_TEST(seed_as(stack, name + std::string(60000, 'a'), "73").body ==
             page_error("Access Denied"));
  BOOST_TEST(seed_as(stack, std::string(200, '\x80'), "74").body == page_error("Access Denied"));
  BOOST_TEST(seed_as(stack, name + std::string(60000, '+'), "75").body.find("DID created") !=
             std::string::npos);
  const auto lookups = username_lookups();
  shared_mariadb().exec("", "SET GLOBAL general_log = 0");
  BOOST_TEST(lookups.size() == 2u);
  for (const auto& lookup : lookups) BOOST_TEST(lookup.find(name + "'") != std::string::npos);
  BOOST_TEST(stack.scalar("SELECT GROUP_CONCAT(did ORDER BY did) FROM dids") ==
             "37060000003,71,75");
}

// The width is the database's own: a wider column admits longer names.
BOOST_AUTO_TEST_CASE(username_width_is_read_from_the_database) {
  Stack stack(1);
  const std::string name(35, 'b');
  stack.exec(
      "ALTER TABLE users MODIFY username varchar(40) NOT NULL DEFAULT ''; "
      "UPDATE users SET username = '" +
      name + "' WHERE id = 0");
  BOOST_TEST(seed_as(stack, name, "71").body.find("DID created") != std::string::npos);
  BOOST_TEST(seed_as(stack, name + "bbbbbb", "72").body == page_error("Access Denied"));
}

// Distinct long names (before any authentication) do not grow a worker: before the fix each one
// stayed in the user cache.
BOOST_AUTO_TEST_CASE(distinct_long_usernames_do_not_grow_a_worker,
                     *boost::unit_test::enable_if<!kAddressSanitizer>()) {
  Stack stack(1, {"--cache_ttl=60"});
  const pid_t worker = stack.workers().at(0);
  const auto flood = [&](int from, int count, size_t length) {
    for (int i = from; i < from + count; ++i) {
      const std::string name = std::to_string(i) + std::string(length, 'n');
      BOOST_TEST_REQUIRE(seed_as(stack, name, "1").body == page_error("Access Denied"));
    }
  };
  flood(0, 100, 40000);
  const long before = vm_rss_kb(worker);
  flood(100, 1500, 40000);  // 60 MB of names
  flood(2000, 3000, 25);    // within the column: cached, within the budget
  const long after = vm_rss_kb(worker);
  BOOST_TEST_MESSAGE("worker VmRSS " << before << " kB -> " << after << " kB");
  BOOST_TEST(before > 0);
  BOOST_TEST(after - before < 6 * 1024, "VmRSS " << before << " kB -> " << after << " kB");
  BOOST_TEST(stack.workers() == std::vector<pid_t>{worker});
}

// SPEC §1: only GET and POST run a method. Any other HTTP method - HEAD and OPTIONS included,
// which used to create DIDs and move money while the caller saw no body - gets 405 with
// `Allow: GET, POST`, before routing and before Allow_API, and changes nothing. _health also
// answers HEAD, for load balancers.
BOOST_AUTO_TEST_CASE(only_get_and_post_run_a_method) {
  Stack stack;
  stack.exec(
      "INSERT INTO callerids (cli, device_id, created_at, updated_at) VALUES ('37061111111', 2, "
      "NOW(), NOW())");
  const std::string top_up =
      "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=37061111111&"
      "amount=10&hash=" +
      sha1("1037061111111secret");
  for (const std::string method :
       {"HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "FOO", "get", ""}) {
    for (const std::string& uri : {kSeed, top_up, std::string("/billing/api/no_such_method")}) {
      FcgiRequest request;
      request.method = method;
      request.uri = uri;
      const auto response = stack.send(request);
      BOOST_TEST_CONTEXT(method << " " << uri) {
        BOOST_TEST(response.status == 405);
        BOOST_TEST(response.header("Allow") == "GET, POST");
        BOOST_TEST(response.body == page_error("Method not allowed"));
      }
    }
  }
  stack.set_setting("Allow_API", "0");  // decided before Allow_API too
  FcgiRequest put;
  put.method = "PUT";
  put.uri = kSeed;
  BOOST_TEST(stack.send(put).body == page_error("Method not allowed"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  BOOST_TEST(stack.scalar("SELECT balance FROM users WHERE id = 2") == "0.000000000000000");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments") == "0");

  FcgiRequest head;
  head.method = "HEAD";
  head.uri = "/billing/api/_health";
  BOOST_TEST(stack.send(head).status == 200);
  // GET and POST still run the same requests.
  stack.set_setting("Allow_API", "1");
  BOOST_TEST(stack.get(kSeed).body.find("<success>DID created</success>") != std::string::npos);
  BOOST_TEST(stack.get(top_up).body.find("<new_balance>10.00</new_balance>") != std::string::npos);
}
