// cli_add (SPEC §4.3) against a real MariaDB and real workers: every message, exact XML and rows.
#define BOOST_TEST_MODULE cli_add
#include <boost/test/unit_test.hpp>

#include <thread>

#include "fixture.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

using Rows = std::vector<std::vector<std::string>>;

const std::string kCreated =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <status>CLI successfully "
    "created</status>\n</page>\n";

// A cli_add signed with MOR's order: device_id then cli_number (cli_domain never counts).
std::string cli_add(const std::string& u, const std::string& device, const std::string& cli,
                    const std::string& rest = "", const std::string& secret = "secret") {
  std::string query = "/billing/api/cli_add?u=" + u;
  if (!device.empty()) query += "&device_id=" + device;
  query += "&cli_number=" + cli + rest;
  return query + "&hash=" + sha1(device + cli + secret);
}

// Percent-encodes every byte, so NUL and invalid UTF-8 reach morapi as they are.
std::string encoded(const std::string& bytes) {
  std::string out;
  char hex[4];
  for (const unsigned char c : bytes) {
    std::snprintf(hex, sizeof hex, "%%%02X", c);
    out += hex;
  }
  return out;
}

// A cli_add on device 2 with these raw values, signed over the raw bytes (the hash is over the
// decoded values, before any sanitizing).
std::string cli_add_raw(const std::string& number, const std::string& domain) {
  return "/billing/api/cli_add?u=admin&device_id=2&cli_number=" + encoded(number) +
         "&cli_domain=" + encoded(domain) + "&hash=" + sha1("2" + number + "secret");
}

Rows callerids(Stack& stack) {
  return stack.rows(
      "SELECT cli, device_id, COALESCE(description, 'NULL'), comment, banned, "
      "ivr_id, email_callback, added_at IS NOT NULL AND created_at IS NOT NULL "
      "AND updated_at IS NOT NULL FROM callerids WHERE id >= 100 ORDER BY id");
}

}  // namespace

BOOST_AUTO_TEST_CASE(seed_request_creates_then_names_the_holder) {
  Stack stack;
  const std::string seed =
      "/billing/api/cli_add?u=admin&cli_number=1234678&cli_description=description&comment="
      "comment&ivr_id=2&banned=1&device_id=2&test=1&hash=1ba6df6ad2532aea7ca035be29b7dd63feb1df88";
  const auto first = stack.get(seed);
  BOOST_TEST(first.body == kCreated);
  BOOST_TEST(first.header("Content-Type") == "text/html; charset=utf-8");
  BOOST_TEST(callerids(stack) ==
             (Rows{{"1234678", "2", "description", "comment", "1", "2", "0", "1"}}));
  BOOST_TEST(stack.get(seed).body ==
             page_error("CLI already exists. It is assigned to user_admin device"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids") == "2");
}

BOOST_AUTO_TEST_CASE(mor_reference_vectors) {
  Stack stack;
  BOOST_TEST(stack
                 .get("/billing/api/cli_add?u=admin&device_id=2&cli_number=abc&hash="
                      "2a566cef7a150ec60e0b49f5ba46a09681504583")
                 .body == page_error("CLI must be numeric"));
  const std::string created =
      "/billing/api/cli_add?u=admin&user_id=2&device_id=2&cli_number=123467&comment=c"
      "&cli_description=d&ivr_id=%1&hash=d00f619cda5b497d9e16a2d9e03749b4a7ee23e4";
  BOOST_TEST(stack.get(std::string(created).replace(created.find("%1"), 2, "4789")).body ==
             page_error("IVR was not found"));
  BOOST_TEST(stack.get(std::string(created).replace(created.find("%1"), 2, "2")).body == kCreated);
  BOOST_TEST(stack
                 .get("/billing/api/cli_add?u=admin&user_id=2&device_id=2&cli_number=1234678"
                      "&banned=1&hash=d74247c3834e41c492d689f84882a6dbed2fa089")
                 .body == kCreated);
  BOOST_TEST(stack
                 .get("/billing/api/cli_add?device_id=7&cli_number=12394767&hash="
                      "2403ca550ac54b42ea4fc06c0ae2b702b3550684")
                 .body == page_error("Access Denied"));
  BOOST_TEST(callerids(stack) == (Rows{{"123467", "2", "d", "c", "0", "2", "0", "1"},
                                       {"1234678", "2", "NULL", "", "1", "0", "0", "1"}}));
}

BOOST_AUTO_TEST_CASE(hash_and_access) {
  Stack stack;
  BOOST_TEST(stack.get(cli_add("admin", "2", "555", "", "wrong")).body ==
             page_error("Incorrect hash"));
  BOOST_TEST(stack.get(cli_add("nobody", "2", "555")).body == page_error("Access Denied"));
  BOOST_TEST(stack.get(cli_add("user_admin", "2", "555")).body == page_error("Access Denied"));
  BOOST_TEST(stack.get(cli_add("accountant", "2", "555")).body ==
             page_error("You are not authorised to use this functionality"));
  // device_manage alone is enough without ivr_id; with ivr_id cli_ivr is needed too.
  stack.exec(
      "INSERT INTO acc_group_rights (acc_group_id, acc_right_id, value) "
      "SELECT 2, id, 2 FROM acc_rights WHERE name = 'device_manage'");
  BOOST_TEST(stack.get(cli_add("accountant", "2", "556", "&ivr_id=2")).body ==
             page_error("You are not authorised to use this functionality"));
  BOOST_TEST(stack.get(cli_add("accountant", "2", "556")).body == kCreated);
  BOOST_TEST(stack.get(cli_add("accountant2", "2", "557", "&ivr_id=2")).body == kCreated);
  BOOST_TEST(stack.rows("SELECT cli, ivr_id FROM callerids WHERE id >= 100 ORDER BY id") ==
             (Rows{{"556", "0"}, {"557", "2"}}));
}

BOOST_AUTO_TEST_CASE(empty_cli_and_device) {
  Stack stack;
  BOOST_TEST(stack.get("/billing/api/cli_add?u=admin&device_id=2&hash=" + sha1("2secret")).body ==
             page_error("CLI Number cannot be empty"));
  BOOST_TEST(stack.get(cli_add("admin", "2", "", "&cli_domain=")).body ==
             page_error("CLI Number cannot be empty"));
  BOOST_TEST(stack.get(cli_add("admin", "", "555")).body ==
             page_error("Device ID cannot be empty"));
  BOOST_TEST(
      stack.get("/billing/api/cli_add?u=admin&device_id=&cli_number=5&hash=" + sha1("5secret"))
          .body == page_error("Device ID cannot be empty"));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids") == "1");
}

BOOST_AUTO_TEST_CASE(devices_of_the_caller_only) {
  Stack stack;
  for (const std::string device : {"999", "abc", "7=88", "9"}) {
    BOOST_TEST(stack.get(cli_add("admin", device, "555")).body ==
               page_error("Device was not found"));
  }
  // Reseller 3: not the admin's user's device 2; its own user's device 7.
  BOOST_TEST(stack.get(cli_add("user", "2", "555", "", "secret3")).body ==
             page_error("Device was not found"));
  BOOST_TEST(stack.get(cli_add("user", "7", "555", "", "secret3")).body == kCreated);
  // The admin may use the devices of its resellers' users.
  BOOST_TEST(stack.get(cli_add("admin", "7", "556")).body == kCreated);
  BOOST_TEST(stack.rows("SELECT cli, device_id FROM callerids WHERE id >= 100 ORDER BY id") ==
             (Rows{{"555", "7"}, {"556", "7"}}));
}

BOOST_AUTO_TEST_CASE(ivr_and_numeric_checks) {
  Stack stack;
  BOOST_TEST(stack.get(cli_add("admin", "2", "555", "&ivr_id=4789")).body ==
             page_error("IVR was not found"));
  BOOST_TEST(stack.get(cli_add("admin", "2", "555", "&ivr_id=")).body ==
             page_error("IVR was not found"));
  // IVR 2 is the admin's, not the reseller's.
  BOOST_TEST(stack.get(cli_add("user", "7", "555", "&ivr_id=2", "secret3")).body ==
             page_error("IVR was not found"));
  for (const std::string cli : {"12a", "1.5", "-1", "37O"}) {
    BOOST_TEST(stack.get(cli_add("admin", "2", cli)).body == page_error("CLI must be numeric"));
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids") == "1");
}

BOOST_AUTO_TEST_CASE(cli_domain_and_defaults) {
  Stack stack;
  // cli_domain when cli_number is empty: stored as given, no numeric check, not hashed.
  BOOST_TEST(stack
                 .get("/billing/api/cli_add?u=admin&device_id=2&cli_domain=sip.example.com"
                      "&banned=7&hash=" +
                      sha1("2secret"))
                 .body == kCreated);
  // Both sent: cli_number wins, and must be numeric.
  BOOST_TEST(stack.get(cli_add("admin", "2", "x1", "&cli_domain=ok.example.com")).body ==
             page_error("CLI must be numeric"));
  BOOST_TEST(callerids(stack) == (Rows{{"sip.example.com", "2", "NULL", "", "0", "0", "0", "1"}}));
  BOOST_TEST(stack
                 .get("/billing/api/cli_add?u=admin&device_id=7&cli_domain=sip.example.com"
                      "&hash=" +
                      sha1("7secret"))
                 .body == page_error("CLI already exists. It is assigned to user_admin device"));
}

BOOST_AUTO_TEST_CASE(concurrent_adds_of_one_cli) {
  Stack stack(2);
  for (int round = 0; round < 10; ++round) {
    const std::string uri = cli_add("admin", "2", "880" + std::to_string(round));
    std::string bodies[2];
    std::thread a([&] { bodies[0] = stack.get(uri).body; });
    std::thread b([&] { bodies[1] = stack.get(uri).body; });
    a.join();
    b.join();
    const std::string exists =
        page_error("CLI already exists. It is assigned to user_admin device");
    BOOST_TEST(((bodies[0] == kCreated && bodies[1] == exists) ||
                (bodies[1] == kCreated && bodies[0] == exists)));
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids WHERE cli LIKE '880%'") == "10");
}

// The checks see the CLI as it will be stored (NUL bytes dropped, invalid UTF-8 replaced by
// U+FFFD), so no empty CLI is ever stored and the numeric check sees the stored digits.
BOOST_AUTO_TEST_CASE(checks_see_the_cli_as_stored) {
  Stack stack;
  const std::string nul(1, '\0');
  for (const auto& [number, domain] : std::vector<std::pair<std::string, std::string>>{
           {"", nul + nul}, {nul, ""}, {nul + nul, nul}, {"", ""}}) {
    BOOST_TEST(stack.get(cli_add_raw(number, domain)).body ==
               page_error("CLI Number cannot be empty"));
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids") == "1");
  // A number of NUL bytes is empty, so cli_domain is used.
  BOOST_TEST(stack.get(cli_add_raw(nul, "sip" + nul + ".example.com")).body == kCreated);
  // NUL bytes inside a number are dropped: what is stored is all digits.
  BOOST_TEST(stack.get(cli_add_raw("55" + nul + "5", "")).body == kCreated);
  // Invalid UTF-8 becomes U+FFFD: not a digit, and stored as U+FFFD in a domain.
  BOOST_TEST(stack.get(cli_add_raw("5\xFF", "")).body == page_error("CLI must be numeric"));
  BOOST_TEST(stack.get(cli_add_raw("", "\xC3\x28" + nul)).body == kCreated);
  // The stored value decides whether the CLI exists already.
  BOOST_TEST(stack.get(cli_add_raw("", "sip.example.com" + nul)).body ==
             page_error("CLI already exists. It is assigned to user_admin device"));
  BOOST_TEST(stack.get(cli_add_raw("555" + nul, "")).body ==
             page_error("CLI already exists. It is assigned to user_admin device"));
  BOOST_TEST(callerids(stack) == (Rows{{"sip.example.com", "2", "NULL", "", "0", "0", "0", "1"},
                                       {"555", "2", "NULL", "", "0", "0", "0", "1"},
                                       {"\xEF\xBF\xBD(", "2", "NULL", "", "0", "0", "0", "1"}}));
}

// A value of white space only is blank, as MOR's `blank?` sees it (and `   ` would be stored
// as a CLI the database compares equal to ''): it is no CLI.
BOOST_AUTO_TEST_CASE(blank_values_are_empty) {
  Stack stack;
  for (const auto& [number, domain] : std::vector<std::pair<std::string, std::string>>{
           {"", "   "}, {" ", ""}, {"\t", "\r\n"}, {"", "\xC2\xA0"}, {"\xE3\x80\x80", " "}}) {
    BOOST_TEST(stack.get(cli_add_raw(number, domain)).body ==
               page_error("CLI Number cannot be empty"));
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids") == "1");
  // A blank number leaves the domain to be used.
  BOOST_TEST(stack.get(cli_add_raw(" ", "sip.example.com")).body == kCreated);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids WHERE cli = 'sip.example.com'") == "1");
}

// callerids.cli holds 255 characters, not bytes: the length check counts characters of the
// stored value.
BOOST_AUTO_TEST_CASE(cli_length_in_characters) {
  Stack stack;
  std::string longest;
  for (int i = 0; i < 255; ++i) longest += "\xC3\xA9";  // é
  BOOST_TEST(stack.get(cli_add_raw("", longest)).body == kCreated);
  BOOST_TEST(stack.get(cli_add_raw("", std::string(255, '\xFF'))).body == kCreated);
  BOOST_TEST(stack.get(cli_add_raw("", longest + "x")).body == page_error("CLI was not created"));
  BOOST_TEST(stack.get(cli_add_raw("", std::string(254, 'a') + std::string(100, '\0'))).body ==
             kCreated);
  BOOST_TEST(stack.rows("SELECT CHAR_LENGTH(cli) FROM callerids WHERE id >= 100 ORDER BY id") ==
             (Rows{{"255"}, {"255"}, {"254"}}));
}
