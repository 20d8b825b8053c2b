#include "db/database.hpp"

#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>
#include <unistd.h>

#include "db/sql.hpp"
#include "util/log.hpp"

namespace morapi::db {
namespace {

// With the default lock_wait_timeout of 10 s, 5 attempts end within 50 s.
constexpr int kMaxLockRetries = 4;
constexpr int kMaxReconnects = 2;

bool is_lost_connection(int code) {
  return code == kServerGone || code == kServerLost;
}

}  // namespace

Statement& Statement::bind(std::string_view value) {
  statement_.setString(index_++, sql::SQLString(value.data(), value.size()));
  return *this;
}

Statement& Statement::bind(int64_t value) {
  statement_.setInt64(index_++, value);
  return *this;
}

Statement& Statement::bind_null() {
  statement_.setNull(index_++, sql::DataType::VARCHAR);
  return *this;
}

std::unique_ptr<sql::ResultSet> Statement::query() {
  return std::unique_ptr<sql::ResultSet>(statement_.executeQuery());
}

int Statement::update() {
  return statement_.executeUpdate();
}

Database::Database(const Config& config) : config_(config) {}

Database::~Database() {
  drop_connection();
}

void Database::drop_connection() {
  statements_.clear();  // statements belong to the connection: free them first
  connection_.reset();
}

sql::Connection& Database::connection() {
  if (connection_ && !connection_->isClosed()) return *connection_;
  drop_connection();
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(config_.db_host);
  options["port"] = config_.db_port;
  if (!config_.db_socket.empty()) options["socket"] = sql::SQLString(config_.db_socket);
  options["userName"] = sql::SQLString(config_.db_user);
  options["password"] = sql::SQLString(config_.db_password());
  options["schema"] = sql::SQLString(config_.db_name);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["OPT_RECONNECT"] = false;  // reconnecting is ours to do, between transactions
  options["OPT_CONNECT_TIMEOUT"] = 5;
  try {
    connection_.reset(sql::mysql::get_mysql_driver_instance()->connect(options));
    std::unique_ptr<sql::Statement> setup(connection_->createStatement());
    // Money is divided in SQL (VAT): keep enough decimals. READ COMMITTED: the unique keys and
    // row locks carry correctness; gap locks would only add deadlocks.
    setup->execute("SET SESSION div_precision_increment = 20");
    setup->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    // Strict: a value that does not fit fails the transaction instead of being clamped or cut
    // with a warning (MOR servers often run without it), so a balance never differs from its
    // payment.
    setup->execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES')");
    // Short lock waits: with the retries a request ends well before nginx gives up on it (60 s),
    // so a client never sees a timeout for money that then moves anyway.
    setup->execute("SET SESSION innodb_lock_wait_timeout = " +
                   std::to_string(config_.lock_wait_timeout));
    connection_->setAutoCommit(true);
  } catch (const sql::SQLException& error) {
    drop_connection();
    throw Unavailable(std::string("cannot connect to the database: ") + error.what());
  }
  return *connection_;
}

sql::PreparedStatement& Database::prepare(std::string_view text) {
  const std::string key(text);
  auto found = statements_.find(key);
  if (found != statements_.end()) {
    found->second->clearParameters();
    return *found->second;
  }
  std::unique_ptr<sql::PreparedStatement> statement(connection().prepareStatement(key));
  return *statements_.emplace(key, std::move(statement)).first->second;
}

void Database::execute(const char* text) {
  std::unique_ptr<sql::Statement> statement(connection().createStatement());
  statement->execute(text);
}

bool Database::should_retry(int code, int attempt) {
  if (code == kDeadlock || code == kLockWaitTimeout) {
    if (attempt > kMaxLockRetries) return false;
    log::warn("transaction retried after error " + std::to_string(code));
    usleep(1000u * static_cast<unsigned>(attempt * attempt));
    return true;
  }
  if (is_lost_connection(code)) {
    drop_connection();
    if (attempt > kMaxReconnects) throw Unavailable("database connection lost repeatedly");
    log::warn("database connection lost; reconnecting");
    return true;
  }
  return false;
}

bool Database::ping() {
  try {
    return read([](Transaction& tx) { return tx.statement("SELECT 1").query()->next(); });
  } catch (const std::exception& error) {
    log::warn(std::string("health check failed: ") + error.what());
    return false;
  }
}

Transaction::Transaction(Database& database, Mode mode)
    : database_(database), finished_(mode == Mode::autocommit) {
  if (mode == Mode::transaction) database_.execute("START TRANSACTION");
}

Transaction::~Transaction() {
  if (finished_) return;
  try {
    database_.execute("ROLLBACK");
  } catch (const std::exception&) {
    // The connection is broken; dropping it rolls the transaction back on the server.
    database_.drop_connection();
  }
}

LongLockWaits::LongLockWaits(Transaction& tx, int seconds) : tx_(tx) {
  tx_.statement(sql_text::kSetLockWait).bind(seconds).update();
}

LongLockWaits::~LongLockWaits() {
  try {
    tx_.statement(sql_text::kSetLockWait).bind(tx_.default_lock_wait()).update();
  } catch (const std::exception&) {
    // The connection is gone; a new one starts with the short default.
  }
}

int64_t Transaction::last_insert_id() {
  auto result = statement("SELECT LAST_INSERT_ID()").query();
  return result->next() ? result->getInt64(1) : 0;
}

void Transaction::commit() {
  if (finished_) return;  // autocommit: every statement is already committed
  try {
    database_.execute("COMMIT");
    finished_ = true;
  } catch (const sql::SQLException& error) {
    if (!is_lost_connection(error.getErrorCode())) throw;
    finished_ = true;
    database_.drop_connection();
    throw CommitOutcomeUnknown(std::string("connection lost during COMMIT: ") + error.what());
  }
}

}  // namespace morapi::db
