// Taking over a running MOR (issue 4): a database shaped like MOR's own is refused at start-up,
// sql/upgrade.sql refuses data that breaks a key and otherwise adds what morapi needs, twice
// without harm, and then every method works on it.
#define BOOST_TEST_MODULE existing_mor
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>

#include "fixture.hpp"
#include "support/paths.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

CommandResult run_upgrade(const std::string& database) {
  return run_command({"mariadb", "--socket=" + shared_mariadb().socket(), "-uroot", database},
                     read_file(source_dir() + "/sql/upgrade.sql"));
}

std::string unique_keys(const std::string& database) {
  return shared_mariadb().scalar(
      database,
      "SELECT COUNT(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS "
      "WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME LIKE 'morapi_uniq_%'");
}

std::string added_columns(const std::string& database) {
  return shared_mariadb().scalar(
      database,
      "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
      "(TABLE_NAME, COLUMN_NAME) IN (('cards', 'batch_number'), ('dids', 'provider_tariff_id'), "
      "('dids', 'allow_call_reject_provider'), ('dids', 'owner_tariff_id'), "
      "('dids', 'allow_call_reject'), ('dids', 'custom_sip_header'), "
      "('dids', 'reseller_comment'))");
}

}  // namespace

BOOST_AUTO_TEST_CASE(morapi_refuses_a_database_without_its_keys) {
  create_mor_shaped_database("mor_plain");
  TempDir dir;
  const auto result = run_command(
      {morapi_binary(), "--listen=" + dir.file("s.sock"),
       "--db_socket=" + shared_mariadb().socket(), "--db_name=mor_plain", "--workers=1"},
      "", 30s);
  BOOST_TEST(result.exit_code == 3);
  BOOST_TEST(result.output.find("run sql/upgrade.sql") != std::string::npos);
  BOOST_TEST(result.output.find("cards unique (pin)") != std::string::npos);
  BOOST_TEST(result.output.find("column dids.owner_tariff_id") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(upgrade_refuses_rows_that_break_a_key) {
  const std::string db = "mor_dirty";
  create_mor_shaped_database(db);
  shared_mariadb().exec(
      db,
      "INSERT INTO cards (id, cardgroup_id, number, pin) VALUES (11, 1, '1000000001', '111'), "
      "(12, 1, '1000000002', '111'), (13, 1, '1000000003', '333'); "
      "INSERT INTO dids (id, did) VALUES (21, '37060000003')");
  const auto refused = run_upgrade(db);
  BOOST_TEST(refused.exit_code != 0);
  BOOST_TEST(refused.output.find("morapi upgrade refused, nothing changed") != std::string::npos);
  BOOST_TEST(refused.output.find("morapi_uniq_cards_pin") != std::string::npos);
  BOOST_TEST(refused.output.find("morapi_uniq_dids_did") != std::string::npos);
  BOOST_TEST(refused.output.find("morapi_uniq_cards_number") == std::string::npos);
  // The offending rows are listed: both cards with PIN 111 and both DIDs.
  BOOST_TEST(refused.output.find("cards with the same PIN\t11\t1\t1000000001\t111") !=
             std::string::npos);
  BOOST_TEST(refused.output.find("cards with the same PIN\t12\t1\t1000000002\t111") !=
             std::string::npos);
  BOOST_TEST(refused.output.find("DIDs with the same number\t21\t37060000003") !=
             std::string::npos);
  BOOST_TEST(unique_keys(db) == "0");
  BOOST_TEST(added_columns(db) == "0");
  shared_mariadb().exec("", "DROP DATABASE " + db);
}

BOOST_AUTO_TEST_CASE(upgrade_twice_then_every_method_works) {
  const std::string db = "mor_upgraded";
  create_mor_shaped_database(db);
  // Two cards without a caller ID written as '' (MOR does): they become NULL.
  shared_mariadb().exec(db,
                        "INSERT INTO cards (id, cardgroup_id, number, pin, callerid, balance) "
                        "VALUES (31, 1, '1000000091', '91919191', '', 0), "
                        "(32, 1, '1000000092', '92929292', '', 4.5)");
  const auto first = run_upgrade(db);
  BOOST_TEST(first.exit_code == 0, first.output);
  BOOST_TEST(first.output.find("morapi upgrade done") != std::string::npos);
  const auto second = run_upgrade(db);
  BOOST_TEST(second.exit_code == 0, second.output);
  BOOST_TEST(unique_keys(db) == "5");
  BOOST_TEST(added_columns(db) == "7");
  BOOST_TEST(shared_mariadb().scalar(db, "SELECT COUNT(*) FROM cards WHERE callerid IS NULL") ==
             "2");
  BOOST_TEST(shared_mariadb().scalar(db,
                                     "SELECT COUNT(*) FROM information_schema.ROUTINES "
                                     "WHERE ROUTINE_SCHEMA = DATABASE()") == "0");

  Stack stack(db, 2);
  BOOST_TEST(stack.get("/billing/api/did_create?" + kSeedDidCreateQuery)
                 .body.find("<success>DID created</success>") != std::string::npos);
  BOOST_TEST(stack
                 .get("/billing/api/did_rates_details_update?u=admin&did_id=3"
                      "&provider_tariff_id=3&hash=" +
                      sha1("3secret"))
                 .body == page_success("DID rates details updated"));
  BOOST_TEST(stack
                 .get("/billing/api/calling_cards_create?u=admin&card_group_id=1"
                      "&cards_from=1000000025&cards_till=1000000035&batch_number=50"
                      "&min_balance=15&language=en&distributor_id=2"
                      "&hash=7e112ededcfee097cce21b6201c6d2a00dda1f4c")
                 .body == page_success("Cards created: 11/11"));
  BOOST_TEST(stack
                 .get("/billing/api/cli_add?u=admin&cli_number=1234678&cli_description="
                      "description&comment=comment&ivr_id=2&banned=1&device_id=2&test=1"
                      "&hash=1ba6df6ad2532aea7ca035be29b7dd63feb1df88")
                 .body ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <status>CLI successfully "
             "created</status>\n</page>\n");
  const auto topped = stack.get(
      "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=5551234"
      "&cardgroup_id=1&amount=12.5&hash=" +
      sha1("12.555512341secret"));
  BOOST_TEST(topped.body.find("<balance>12.50</balance>") != std::string::npos, topped.body);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE callerid = '5551234' AND sold = 1 "
                          "AND balance = 12.5") == "1");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments WHERE paymenttype = 'Card' AND "
                          "amount = 12.5") == "1");
}
