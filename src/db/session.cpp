#include "db/session.hpp"

#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <stdexcept>
#include <string>

namespace morapi::db {
namespace {

// The value of a SHOW ... LIKE row, or "" when the server has no such variable (MySQL, or a
// MariaDB without Galera).
std::string show_value(sql::Statement& statement, const char* query) {
  std::unique_ptr<sql::ResultSet> result(statement.executeQuery(query));
  return result->next() ? std::string(result->getString(2)) : std::string();
}

// On a Galera node: refuses a node that cannot serve (wsrep_ready OFF: it would answer every
// statement with error 1047), and makes every read wait until the node has applied what the
// cluster committed before it (wsrep_sync_wait = 1). Without it, a request id committed through
// another node, or a COMMIT lost with a node that died, could be looked up and not be seen yet.
// Guarded by wsrep_on, so MySQL and a plain MariaDB never see the setting.
void join_galera_session(sql::Statement& setup) {
  if (show_value(setup, "SHOW VARIABLES LIKE 'wsrep_on'") != "ON") return;
  if (show_value(setup, "SHOW STATUS LIKE 'wsrep_ready'") != "ON") {
    throw std::runtime_error("Galera node not ready (wsrep_ready is not ON)");
  }
  setup.execute("SET SESSION wsrep_sync_wait = 1");
}

}  // namespace

std::unique_ptr<sql::Connection> open_session(const Config& config,
                                              const DatabaseEndpoint& endpoint, int io_timeout) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(endpoint.host);
  options["port"] = endpoint.port;
  if (!endpoint.socket.empty()) options["socket"] = sql::SQLString(endpoint.socket);
  options["userName"] = sql::SQLString(config.db_user);
  options["password"] = sql::SQLString(config.db_password());
  options["schema"] = sql::SQLString(config.db_name);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["OPT_RECONNECT"] = false;  // reconnecting is ours to do, between transactions
  options["OPT_CONNECT_TIMEOUT"] = config.db_connect_timeout;
  // A frozen server (or network) shows as a lost connection within seconds instead of a hang;
  // the lock waits (lock_wait_timeout) are shorter, so a wait for a row is never taken for it.
  options["OPT_READ_TIMEOUT"] = io_timeout;
  options["OPT_WRITE_TIMEOUT"] = io_timeout;
  std::unique_ptr<sql::Connection> connection(
      sql::mysql::get_mysql_driver_instance()->connect(options));
  std::unique_ptr<sql::Statement> setup(connection->createStatement());
  join_galera_session(*setup);
  // Money is divided in SQL (VAT): keep enough decimals. READ COMMITTED: the unique keys and
  // row locks carry correctness; gap locks would only add deadlocks.
  setup->execute("SET SESSION div_precision_increment = 20");
  setup->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
  // Strict: a value that does not fit fails the transaction instead of being clamped or cut
  // with a warning (MOR servers often run without it), so a balance never differs from its
  // payment.
  setup->execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES')");
  // Short lock waits: a held row delays only its own requests, and retries fit the deadline.
  setup->execute("SET SESSION innodb_lock_wait_timeout = " +
                 std::to_string(config.lock_wait_timeout));
  connection->setAutoCommit(true);
  return connection;
}

}  // namespace morapi::db
