#include "db/database.hpp"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/statement.h>
#include <unistd.h>

#include <algorithm>
#include <random>

#include "db/session.hpp"
#include "db/sql.hpp"
#include "metrics/scoreboard.hpp"
#include "util/log.hpp"

namespace morapi::db {
namespace {

// A deadlock is over at once: retry it several times. On a Galera cluster a write conflict with
// another node shows as a deadlock at COMMIT, and two nodes updating one hot card conflict
// often (galera_test: about 1 transaction in 3 on 4 cards from 8 clients), so there are enough
// tries for that, each after a growing, randomised pause so that two nodes do not collide again
// in step. A lock wait timeout means another session holds the row for long (an open GUI edit,
// a batch): one more try, then the worker is free for other requests (with the default 2 s
// lock wait, within about 4 s).
constexpr int kMaxDeadlockRetries = 8;
constexpr int kMaxLockWaitRetries = 1;
constexpr int kMaxReconnects = 2;

// Seconds left before `deadline`, rounded up (a lock wait of 0 would not wait at all).
int seconds_left(std::chrono::steady_clock::time_point deadline) {
  const auto left = deadline - std::chrono::steady_clock::now();
  return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
}

}  // namespace

bool is_lost_connection(int code) {
  switch (code) {
    case 1047:  // ER_UNKNOWN_COM_ERROR: a Galera node that left the primary component
    case 1053:  // ER_SERVER_SHUTDOWN
    case 1152:  // ER_ABORTING_CONNECTION
    case 1158:  // ER_NET_READ_ERROR
    case 1159:  // ER_NET_READ_INTERRUPTED
    case 1160:  // ER_NET_ERROR_ON_WRITE
    case 1161:  // ER_NET_WRITE_INTERRUPTED
    case 1927:  // ER_CONNECTION_KILLED (MariaDB: KILL CONNECTION)
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case kServerGone:
    case kServerLost:
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
      return true;
    default:
      return false;
  }
}

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

Database::Database(const Config& config)
    : config_(config), endpoints_(database_endpoints(config)) {}

Database::~Database() {
  drop_connection();
}

void Database::drop_connection() {
  statements_.clear();  // statements belong to the connection: free them first
  connection_.reset();
}

void Database::serve(RequestScope* scope) {
  scope_ = scope;
}

bool Database::past_deadline() const {
  return scope_ && std::chrono::steady_clock::now() >= scope_->deadline();
}

int Database::io_timeout() const {
  return scope_ ? scope_->io_timeout() : config_.db_io_timeout;
}

std::chrono::steady_clock::time_point Database::retry_until(
    std::chrono::steady_clock::time_point started) {
  return scope_ ? scope_->deadline() : started + kRetryBudget;
}

sql::Connection& Database::connection() {
  // A request with longer statement timeouts (a card batch) gets a connection made for them.
  if (connection_ && connection_io_timeout_ != io_timeout()) drop_connection();
  if (connection_ && !connection_->isClosed()) return *connection_;
  drop_connection();
  // The first server that answers, in the configured order: so a host whose own database (or
  // Galera node) is down carries on with the next, and after any lost connection tries its
  // first choice again.
  std::string failures;
  for (const DatabaseEndpoint& endpoint : endpoints_) {
    try {
      connection_ = open_session(config_, endpoint, io_timeout());
    } catch (const std::exception& error) {
      drop_connection();
      failures += (failures.empty() ? "" : "; ") + endpoint.describe() + ": " + error.what();
      continue;
    }
    if (&endpoint != &endpoints_.front()) {
      log::warn("connected to fallback database " + endpoint.describe() + " (" + failures + ")");
    }
    session_lock_wait_ = config_.lock_wait_timeout;
    session_autocommit_ = true;
    connection_io_timeout_ = io_timeout();
    return *connection_;
  }
  throw Unavailable("cannot connect to the database: " + failures);
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
    if (attempt > (code == kDeadlock ? kMaxDeadlockRetries : kMaxLockWaitRetries)) return false;
    log::warn("transaction retried after error " + std::to_string(code));
    metrics::count_retry(code == kDeadlock ? metrics::Retry::deadlock
                                           : metrics::Retry::lock_wait_timeout);
    // attempt² ms plus up to as much again at random: 1-2 ms, then 4-8 ms, ... 64-128 ms.
    static std::minstd_rand jitter(static_cast<unsigned>(getpid()));
    const unsigned base = 1000u * static_cast<unsigned>(attempt * attempt);
    usleep(base + static_cast<unsigned>(jitter() % (base + 1)));
    return true;
  }
  if (is_lost_connection(code)) {
    drop_connection();
    if (attempt > kMaxReconnects) throw Unavailable("database connection lost repeatedly");
    metrics::count_retry(metrics::Retry::connection_lost);
    log::write_repeated(log::Repeated::database_reconnect, log::Level::warn,
                        "database connection lost; reconnecting");
    return true;
  }
  return false;
}

bool Database::ping() {
  try {
    return read([](Transaction& tx) { return tx.statement("SELECT 1").query()->next(); });
  } catch (const std::exception& error) {
    log::write_repeated(log::Repeated::database_unavailable, log::Level::warn,
                        std::string("health check failed: ") + error.what());
    return false;
  }
}

void Database::want_autocommit(bool on) {
  connection();  // the session value belongs to the connection: make sure there is one
  if (session_autocommit_ == on) return;
  execute(on ? "SET autocommit = 1" : "SET autocommit = 0");
  session_autocommit_ = on;
}

void Database::want_lock_wait(int seconds) {
  if (scope_) seconds = std::max(1, std::min(seconds, seconds_left(scope_->deadline())));
  connection();  // the session value belongs to the connection: make sure there is one
  if (seconds == session_lock_wait_) return;
  sql::PreparedStatement& statement = prepare(sql_text::kSetLockWait);
  statement.setInt(1, seconds);
  statement.executeUpdate();
  session_lock_wait_ = seconds;
}

Transaction::Transaction(Database& database, Mode mode)
    : database_(database), mode_(mode), finished_(mode == Mode::autocommit) {
  if (mode == Mode::autocommit) {
    database_.want_autocommit(true);  // each statement commits on its own
    return;
  }
  if (mode == Mode::transaction) {
    // No changing transaction starts after the deadline; its lock waits end by it.
    if (database_.past_deadline()) throw DeadlinePassed();
    database_.want_lock_wait(database_.config_.lock_wait_timeout);
    // Not START TRANSACTION: should the server end the transaction on its own (a Galera node
    // does when another node's write conflicts with it), the statements after that must not
    // commit one by one. With autocommit off they wait for COMMIT, and the ledger row this
    // transaction writes first shows at COMMIT that they are not the transaction it began.
    database_.want_autocommit(false);
    return;
  }
  database_.execute("START TRANSACTION");
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

LongLockWaits::LongLockWaits(Database& database, int seconds) : database_(database) {
  database_.want_lock_wait(seconds);
}

LongLockWaits::~LongLockWaits() {
  try {
    database_.want_lock_wait(database_.config_.lock_wait_timeout);
  } catch (const std::exception&) {
    // The connection is gone; a new one starts with the short default.
  }
}

RequestScope* Transaction::scope() const {
  return database_.scope_;
}

Statement Transaction::statement(std::string_view text) {
  if (mode_ == Mode::transaction && database_.past_deadline()) throw DeadlinePassed();
  return Statement(database_.prepare(text));
}

int64_t Transaction::last_insert_id() {
  auto result = statement("SELECT LAST_INSERT_ID()").query();
  return result->next() ? result->getInt64(1) : 0;
}

void Transaction::commit_answer(const std::string& answer) {
  if (RequestScope* scope = database_.scope_) {
    scope->record(*this, answer);
    // Checked last, right before COMMIT: a client told 503 never finds the work done later.
    if (database_.past_deadline()) throw DeadlinePassed();
  }
  commit();
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
    throw CommitLost(std::string("connection lost during COMMIT: ") + error.what());
  }
}

}  // namespace morapi::db
