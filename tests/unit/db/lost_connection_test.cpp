#include <boost/test/unit_test.hpp>

#include "db/database.hpp"

using morapi::db::is_lost_connection;

BOOST_AUTO_TEST_SUITE(database)

// Every code that means the connection died is handled like 2006/2013 (reconnect, and after a
// COMMIT, ask the ledger); anything else is an error of the statement.
BOOST_AUTO_TEST_CASE(codes_of_a_dead_connection) {
  for (const int code :
       {1053, 1152, 1158, 1159, 1160, 1161, 1927, 2002, 2003, 2006, 2013, 2055, 4031}) {
    BOOST_TEST(is_lost_connection(code), code);
  }
  for (const int code : {0, 1062, 1205, 1213, 1317, 1045, 2000}) {
    BOOST_TEST(!is_lost_connection(code), code);
  }
}

BOOST_AUTO_TEST_SUITE_END()
