// The checks every method shares (SPEC §1–3): API and GET switches, unknown methods, content
// types, limits and input that must not break anything.
#define BOOST_TEST_MODULE common_checks
#include <boost/test/unit_test.hpp>

#include <random>

#include "fixture.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

const std::string kSeed = "/billing/api/did_create?" + kSeedDidCreateQuery;

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
    BOOST_TEST(response.headers == inline_headers(status, body));
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
