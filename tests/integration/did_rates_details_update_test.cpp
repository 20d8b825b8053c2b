// did_rates_details_update (SPEC §4.5) against a real MariaDB and real workers.
#define BOOST_TEST_MODULE did_rates_details_update
#include <boost/test/unit_test.hpp>

#include "fixture.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

const std::string kUpdated = page_success("DID rates details updated");

std::string update(const std::string& u, const std::string& did_id, const std::string& rest,
                   const std::string& secret = "secret") {
  return "/billing/api/did_rates_details_update?u=" + u + "&did_id=" + did_id + rest +
         "&hash=" + sha1(did_id + secret);
}

using Rows = std::vector<std::vector<std::string>>;

Rows details(Stack& stack, const std::string& id = "3") {
  return stack.rows(
      "SELECT provider_tariff_id, allow_call_reject_provider, owner_tariff_id, "
      "allow_call_reject FROM dids WHERE id = " +
      id);
}

}  // namespace

BOOST_AUTO_TEST_CASE(updates_given_columns_and_keeps_the_rest) {
  Stack stack;
  BOOST_TEST(
      stack.get(update("admin", "3", "&provider_tariff_id=3&allow_call_reject_provider=1")).body ==
      kUpdated);
  BOOST_TEST(details(stack) == (Rows{{"3", "1", "0", "0"}}));
  BOOST_TEST(stack.get(update("admin", "3", "&owner_tariff_id=3&allow_call_reject=1")).body ==
             kUpdated);
  BOOST_TEST(details(stack) == (Rows{{"3", "1", "3", "1"}}));
  BOOST_TEST(stack.get(update("admin", "3", "&allow_call_reject_provider=0")).body == kUpdated);
  BOOST_TEST(details(stack) == (Rows{{"3", "0", "3", "1"}}));
  // Nothing to change is still a success.
  BOOST_TEST(stack.get(update("admin", "3", "")).body == kUpdated);
  BOOST_TEST(details(stack) == (Rows{{"3", "0", "3", "1"}}));
}

BOOST_AUTO_TEST_CASE(seed_request_hash_does_not_verify) {
  // The seed page's example hash is not SHA1("3secret"): the method list rule refuses it.
  Stack stack;
  BOOST_TEST(stack
                 .get("/billing/api/did_rates_details_update?did_id=3&u=admin&provider_tariff_id"
                      "=3&allow_call_reject_provider=1&hash=a2ceb0323d6a76a9fc9b66a21d321ae618c40"
                      "296")
                 .body == page_error("Incorrect hash"));
  BOOST_TEST(details(stack) == (Rows{{"0", "0", "0", "0"}}));
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions WHERE data = 'API : Incorrect hash'") ==
             "1");
}

BOOST_AUTO_TEST_CASE(access_denied) {
  Stack stack;
  BOOST_TEST(stack.get(update("nobody", "3", "&allow_call_reject=1")).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.get(update("user_admin", "3", "&allow_call_reject=1")).body ==
             page_error("Access Denied"));
  BOOST_TEST(stack.get(update("accountant", "3", "&allow_call_reject=1")).body ==
             page_error("Access Denied"));
  BOOST_TEST(details(stack) == (Rows{{"0", "0", "0", "0"}}));
  BOOST_TEST(stack.get(update("accountant2", "3", "&allow_call_reject=1")).body == kUpdated);
  BOOST_TEST(details(stack) == (Rows{{"0", "0", "0", "1"}}));
}

BOOST_AUTO_TEST_CASE(did_not_found) {
  Stack stack;
  for (const std::string id : {"999", "abc", "", "3abc"}) {
    BOOST_TEST(stack.get(update("admin", id, "&allow_call_reject=1")).body ==
               page_error("DID was not found"));
  }
  // A reseller only reaches its own DIDs: DID 3 is the admin's.
  BOOST_TEST(stack.get(update("user", "3", "&allow_call_reject=1", "secret3")).body ==
             page_error("DID was not found"));
  stack.exec(
      "INSERT INTO dids (id, did, reseller_id, provider_id) VALUES (50, '5550', 3, 2); "
      "INSERT INTO didrates (did_id, rate_type) VALUES (50, 'provider')");
  BOOST_TEST(stack.get(update("user", "50", "&owner_tariff_id=4", "secret3")).body == kUpdated);
  BOOST_TEST(details(stack, "50") == (Rows{{"0", "0", "4", "0"}}));
  BOOST_TEST(details(stack) == (Rows{{"0", "0", "0", "0"}}));
}

BOOST_AUTO_TEST_CASE(tariff_not_found) {
  Stack stack;
  // Tariff 4 belongs to reseller 3, 999 does not exist; any purpose counts.
  for (const std::string rest :
       {"&provider_tariff_id=4", "&owner_tariff_id=999",
        "&provider_tariff_id=", "&owner_tariff_id=x", "&provider_tariff_id=3&owner_tariff_id=4"}) {
    BOOST_TEST(stack.get(update("admin", "3", rest + "&allow_call_reject=1")).body ==
               page_error("Tariff was not found"));
  }
  stack.exec("UPDATE tariffs SET purpose = 'provider' WHERE id = 3");
  BOOST_TEST(stack.get(update("admin", "3", "&provider_tariff_id=3")).body == kUpdated);
  BOOST_TEST(details(stack) == (Rows{{"3", "0", "0", "0"}}));
}

BOOST_AUTO_TEST_CASE(rates_not_found) {
  Stack stack;
  stack.exec("DELETE FROM didrates WHERE did_id = 3");
  BOOST_TEST(stack.get(update("admin", "3", "&allow_call_reject=1")).body ==
             page_error("Rates were not found"));
  BOOST_TEST(details(stack) == (Rows{{"0", "0", "0", "0"}}));
}

BOOST_AUTO_TEST_CASE(invalid_flag_values) {
  Stack stack;
  for (const std::string value : {"2", "", "yes", "01", "-1"}) {
    BOOST_TEST(stack.get(update("admin", "3", "&allow_call_reject_provider=" + value)).body ==
               page_error("Invalid value for allow_call_reject_provider"));
    BOOST_TEST(
        stack.get(update("admin", "3", "&provider_tariff_id=3&allow_call_reject=" + value)).body ==
        page_error("Invalid value for allow_call_reject"));
  }
  // Nothing changed, not even the valid tariff sent with a bad flag.
  BOOST_TEST(details(stack) == (Rows{{"0", "0", "0", "0"}}));
}
