// Taking over a running MOR (issues 4 and 7): a database shaped like MOR's own is refused at
// start-up, sql/upgrade.sql refuses data that breaks a key and otherwise adds what morapi needs,
// twice without harm and also over what its previous version added, and then every method works
// on it while MOR's own card editing keeps working.
#define BOOST_TEST_MODULE existing_mor
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>

#include "fixture.hpp"
#include "mor_gui.hpp"
#include "support/paths.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

CommandResult run_upgrade(const std::string& database) {
  return run_command({"mariadb", "--socket=" + shared_mariadb().socket(), "-uroot", database},
                     read_file(source_dir() + "/sql/upgrade.sql"));
}

CommandResult start_morapi(const std::string& database) {
  TempDir dir;
  return run_command(
      {morapi_binary(), "--listen=" + dir.file("s.sock"),
       "--db_socket=" + shared_mariadb().socket(), "--db_name=" + database, "--workers=1"},
      "", 30s);
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
      "(TABLE_NAME, COLUMN_NAME) IN (('cards', 'batch_number'), ('cards', 'morapi_has_callerid'), "
      "('dids', 'provider_tariff_id'), ('dids', 'allow_call_reject_provider'), "
      "('dids', 'owner_tariff_id'), ('dids', 'allow_call_reject'), "
      "('dids', 'custom_sip_header'), ('dids', 'reseller_comment'))");
}

std::string callerid_key_columns(const std::string& database) {
  return shared_mariadb().scalar(
      database,
      "SELECT IFNULL(GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX), '') "
      "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
      "AND TABLE_NAME = 'cards' AND INDEX_NAME = 'morapi_uniq_cards_callerid'");
}

// What the previous sql/upgrade.sql left behind: a plain unique key on callerid (which allows
// one '' only) after rewriting '' to NULL.
const std::string kPreviousUpgrade =
    "UPDATE cards SET callerid = NULL WHERE callerid = ''; "
    "ALTER TABLE cards ADD COLUMN batch_number varchar(255) DEFAULT NULL, "
    "ADD UNIQUE KEY morapi_uniq_cards_number (cardgroup_id, number), "
    "ADD UNIQUE KEY morapi_uniq_cards_pin (pin), "
    "ADD UNIQUE KEY morapi_uniq_cards_callerid (callerid); "
    "ALTER TABLE callerids ADD UNIQUE KEY morapi_uniq_callerids_cli (cli); "
    "ALTER TABLE dids ADD COLUMN provider_tariff_id int NOT NULL DEFAULT 0, "
    "ADD COLUMN allow_call_reject_provider tinyint NOT NULL DEFAULT 0, "
    "ADD COLUMN owner_tariff_id int NOT NULL DEFAULT 0, "
    "ADD COLUMN allow_call_reject tinyint NOT NULL DEFAULT 0, "
    "ADD COLUMN custom_sip_header varchar(255) DEFAULT NULL, "
    "ADD COLUMN reseller_comment text DEFAULT NULL, ADD UNIQUE KEY morapi_uniq_dids_did (did)";

}  // namespace

BOOST_AUTO_TEST_CASE(morapi_refuses_a_database_without_its_keys) {
  create_mor_shaped_database("mor_plain");
  const auto result = start_morapi("mor_plain");
  BOOST_TEST(result.exit_code == 3);
  BOOST_TEST(result.output.find("run sql/upgrade.sql") != std::string::npos);
  BOOST_TEST(result.output.find("cards unique (pin)") != std::string::npos);
  BOOST_TEST(result.output.find("cards unique (callerid,morapi_has_callerid)") !=
             std::string::npos);
  BOOST_TEST(result.output.find("column dids.owner_tariff_id") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(upgrade_refuses_rows_that_break_a_key) {
  const std::string db = "mor_dirty";
  create_mor_shaped_database(db);
  use_mors_collation(db);
  shared_mariadb().exec(db,
                        "INSERT INTO cards (id, cardgroup_id, number, pin, callerid) VALUES "
                        "(11, 1, '1000000001', '111', NULL), (12, 1, '1000000002', '111', NULL), "
                        "(13, 1, '1000000003', '333', NULL), (14, 1, '1000000004', '444', 'ABC'), "
                        "(15, 1, '1000000005', '555', 'abc '), (16, 1, '1000000006', '666', ''), "
                        "(17, 1, '1000000007', '777', ''); "
                        "INSERT INTO dids (id, did) VALUES (21, '37060000003')");
  const auto refused = run_upgrade(db);
  BOOST_TEST(refused.exit_code != 0);
  BOOST_TEST(refused.output.find("morapi upgrade refused, nothing changed") != std::string::npos);
  BOOST_TEST(refused.output.find("morapi_uniq_cards_pin") != std::string::npos);
  BOOST_TEST(refused.output.find("morapi_uniq_cards_callerid") != std::string::npos);
  BOOST_TEST(refused.output.find("morapi_uniq_dids_did") != std::string::npos);
  BOOST_TEST(refused.output.find("morapi_uniq_cards_number") == std::string::npos);
  // The offending rows are listed: both cards with PIN 111, both DIDs, and the two cards whose
  // caller IDs the collation calls equal; the cards without one ('') are no problem.
  BOOST_TEST(refused.output.find("cards with the same PIN\t11\t1\t1000000001\t111") !=
             std::string::npos);
  BOOST_TEST(refused.output.find("cards with the same PIN\t12\t1\t1000000002\t111") !=
             std::string::npos);
  BOOST_TEST(refused.output.find("DIDs with the same number\t21\t37060000003") !=
             std::string::npos);
  BOOST_TEST(refused.output.find("cards with the same caller ID\t14\t1\t1000000004\tABC\n") !=
             std::string::npos);
  BOOST_TEST(refused.output.find("cards with the same caller ID\t15\t1\t1000000005\tabc \n") !=
             std::string::npos);
  BOOST_TEST(refused.output.find("caller ID\t16") == std::string::npos);
  BOOST_TEST(unique_keys(db) == "0");
  BOOST_TEST(added_columns(db) == "0");
  shared_mariadb().exec("", "DROP DATABASE " + db);
}

BOOST_AUTO_TEST_CASE(upgrade_twice_then_every_method_works) {
  const std::string db = "mor_upgraded";
  create_mor_shaped_database(db);
  // Two cards without a caller ID written as '' (MOR's GUI does): the upgrade leaves them so.
  shared_mariadb().exec(db,
                        "INSERT INTO cards (id, cardgroup_id, number, pin, callerid, balance) "
                        "VALUES (31, 1, '1000000091', '91919191', '', 0), "
                        "(32, 1, '1000000092', '92929292', '', 4.5)");
  const auto first = run_upgrade(db);
  BOOST_TEST(first.exit_code == 0, first.output);
  BOOST_TEST(first.output.find("morapi upgrade done") != std::string::npos);
  const auto second = run_upgrade(db);
  BOOST_TEST(second.exit_code == 0, second.output);
  BOOST_TEST(unique_keys(db) == "7");
  BOOST_TEST(added_columns(db) == "8");
  BOOST_TEST(callerid_key_columns(db) == "callerid,morapi_has_callerid");
  BOOST_TEST(shared_mariadb().scalar(db, "SELECT COUNT(*) FROM cards WHERE callerid = ''") == "2");
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

BOOST_AUTO_TEST_CASE(mor_edits_cards_after_the_upgrade) {
  const std::string db = "mor_editing";
  create_mor_shaped_database(db);
  use_mors_collation(db);
  shared_mariadb().exec(db,
                        "INSERT INTO cards (id, cardgroup_id, number, pin, callerid) VALUES "
                        "(41, 1, '1000000041', '41414141', '37066600041'), "
                        "(42, 1, '1000000042', '42424242', NULL)");
  const auto upgrade = run_upgrade(db);
  BOOST_TEST(upgrade.exit_code == 0, upgrade.output);

  // Caller IDs cleared in MOR's card form, and new cards without one.
  BOOST_TEST(mor_sets_callerid(db, 41, "") == "");
  BOOST_TEST(mor_sets_callerid(db, 42, "") == "");
  BOOST_TEST(mor_creates_card(db, "1000000043", "43434343", "") == "");
  BOOST_TEST(mor_creates_card(db, "1000000044", "44444444", "") == "");
  BOOST_TEST(mor_creates_card(db, "1000000045", "45454545", "") == "");
  BOOST_TEST(shared_mariadb().scalar(db, "SELECT COUNT(*) FROM cards WHERE callerid = ''") == "5");

  // A caller ID that is set stays on one card, as the collation compares it.
  BOOST_TEST(mor_creates_card(db, "1000000046", "46464646", "ABC") == "");
  BOOST_TEST(is_duplicate(mor_creates_card(db, "1000000047", "47474747", "abc ")));
  BOOST_TEST(is_duplicate(mor_sets_callerid(db, 42, "ABC")));
  BOOST_TEST(is_duplicate(mor_sets_callerid(db, 42, "Abc  ")));
  BOOST_TEST(mor_sets_callerid(db, 42, "ABD") == "");
  // A card copied from a loaded one (Rails' dup: every column SELECT * gave, in strict mode):
  // morapi's generated column is not among them, so its value is never sent back.
  BOOST_TEST(error_of(db,
                      "SET SESSION sql_mode = 'STRICT_TRANS_TABLES'; "
                      "CREATE TEMPORARY TABLE copied AS SELECT * FROM cards WHERE id = 46; "
                      "UPDATE copied SET id = 48, number = '1000000048', pin = '48484848', "
                      "callerid = 'XYZ'; INSERT INTO cards SELECT * FROM copied") == "");
  BOOST_TEST(shared_mariadb().scalar(
                 db, "SELECT GROUP_CONCAT(id ORDER BY id) FROM cards WHERE callerid <> ''") ==
             "42,46,48");
  shared_mariadb().exec("", "DROP DATABASE " + db);
}

BOOST_AUTO_TEST_CASE(a_new_database_has_the_same_caller_id_key) {
  const std::string db = "morapi_fresh";
  shared_mariadb().create_database(db);
  BOOST_TEST(callerid_key_columns(db) == "callerid,morapi_has_callerid");
  BOOST_TEST(mor_creates_card(db, "1000000051", "51515151", "") == "");
  BOOST_TEST(mor_creates_card(db, "1000000052", "52525252", "") == "");
  BOOST_TEST(mor_creates_card(db, "1000000053", "53535353", "ABC") == "");
  BOOST_TEST(is_duplicate(mor_creates_card(db, "1000000054", "54545454", "ABC ")));
  // callerid is binary here, so another case is another caller ID (lookups agree).
  BOOST_TEST(mor_creates_card(db, "1000000055", "55555555", "abc") == "");
  shared_mariadb().exec("", "DROP DATABASE " + db);
}

BOOST_AUTO_TEST_CASE(upgrade_moves_the_previous_versions_key_to_the_new_shape) {
  const std::string db = "mor_previous";
  create_mor_shaped_database(db);
  use_mors_collation(db);
  shared_mariadb().exec(db,
                        "INSERT INTO cards (id, cardgroup_id, number, pin, callerid, balance, "
                        "sold) VALUES (61, 1, '1000000061', '61616161', '', 0, 0), "
                        "(62, 1, '1000000062', '62626262', '37066600062', 2, 1), "
                        "(63, 1, '1000000063', '63636363', NULL, 0, 0)");
  shared_mariadb().exec(db, kPreviousUpgrade);
  const auto refused = start_morapi(db);
  BOOST_TEST(refused.exit_code == 3);
  BOOST_TEST(refused.output.find("(cards unique (callerid,morapi_has_callerid), morapi_requests "
                                 "unique (id), morapi_requests unique (user_id,request_key), "
                                 "morapi_requests unique (nginx_request_id,user_id,fingerprint), "
                                 "morapi_nonces unique (owner_id,nonce)): run "
                                 "sql/upgrade.sql") != std::string::npos,
             refused.output);

  const auto first = run_upgrade(db);
  BOOST_TEST(first.exit_code == 0, first.output);
  const auto second = run_upgrade(db);
  BOOST_TEST(second.exit_code == 0, second.output);
  BOOST_TEST(unique_keys(db) == "7");
  BOOST_TEST(added_columns(db) == "8");
  BOOST_TEST(callerid_key_columns(db) == "callerid,morapi_has_callerid");
  // No data changed: the previous version's NULL stays NULL.
  BOOST_TEST(shared_mariadb().scalar(db, "SELECT COUNT(*) FROM cards WHERE callerid IS NULL") ==
             "2");
  BOOST_TEST(mor_sets_callerid(db, 61, "") == "");
  BOOST_TEST(mor_sets_callerid(db, 63, "") == "");
  BOOST_TEST(is_duplicate(mor_sets_callerid(db, 63, "37066600062 ")));
  // morapi's lookup of a card by caller ID (src/db/sql.hpp) still reads the unique key.
  BOOST_TEST(shared_mariadb()
                 .query(db,
                        "EXPLAIN SELECT id FROM cards WHERE callerid = "
                        "'37066600062' ORDER BY id LIMIT 1")
                 .at(0)
                 .at(5) == "morapi_uniq_cards_callerid");

  Stack stack(db, 2);
  const auto topped = stack.get(
      "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=37066600062&cardgroup_id=1&amount=10"
      "&hash=" +
      sha1("10370666000621secret"));
  BOOST_TEST(topped.body.find("<id>62</id>") != std::string::npos, topped.body);
  BOOST_TEST(stack.scalar("SELECT GROUP_CONCAT(id, ':', ROUND(balance, 2)) FROM cards "
                          "WHERE callerid = '37066600062'") == "62:12.00");
}
