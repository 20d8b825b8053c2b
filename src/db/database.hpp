#pragma once
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "config/config.hpp"

namespace sql {
class Connection;
}

namespace morapi::db {

// The database cannot be reached, even after reconnecting: the caller answers 503.
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The connection was lost during COMMIT: the transaction may or may not have been applied.
struct CommitOutcomeUnknown : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// MySQL error codes morapi acts on.
enum ErrorCode : int {
  kDuplicateKey = 1062,
  kLockWaitTimeout = 1205,
  kDeadlock = 1213,
  kServerGone = 2006,
  kServerLost = 2013,
};

class Transaction;

// A unique key refused the row: the thing exists already (often another request's, just now).
inline bool is_duplicate_key(const sql::SQLException& error) {
  return error.getErrorCode() == kDuplicateKey;
}

// Binds parameters to a cached prepared statement, left to right, then runs it.
class Statement {
 public:
  explicit Statement(sql::PreparedStatement& statement) : statement_(statement) {}
  Statement& bind(std::string_view value);
  Statement& bind(const char* value) { return bind(std::string_view(value)); }
  Statement& bind(const std::string& value) { return bind(std::string_view(value)); }
  Statement& bind(int64_t value);
  Statement& bind(int value) { return bind(static_cast<int64_t>(value)); }
  Statement& bind_null();
  // The value, or NULL when there is none.
  template <class T>
  Statement& bind(const std::optional<T>& value) {
    return value ? bind(*value) : bind_null();
  }
  std::unique_ptr<sql::ResultSet> query();
  int update();

 private:
  sql::PreparedStatement& statement_;
  unsigned index_ = 1;
};

// One connection per worker, opened after fork. Work runs inside transact(), which retries the
// whole unit on deadlock or lock wait timeout and reconnects on a lost connection.
class Database {
 public:
  explicit Database(const Config& config);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs work(Transaction&) in a transaction and commits it. An exception thrown by work rolls
  // it back and propagates unchanged.
  template <class Work>
  auto transact(Work&& work) -> std::invoke_result_t<Work&, Transaction&>;

  // Runs reads that need no transaction (each statement commits on its own): the same retries,
  // two round trips fewer (no START TRANSACTION, no COMMIT).
  template <class Work>
  auto read(Work&& work) -> std::invoke_result_t<Work&, Transaction&>;

  // True when a trivial query succeeds (health checks).
  bool ping();

  // What to do with an error from inside an attempt; false: rethrow it.
  bool should_retry(int code, int attempt);

 private:
  friend class Transaction;
  sql::Connection& connection();  // connects when needed; throws Unavailable
  sql::PreparedStatement& prepare(std::string_view text);
  void execute(const char* text);
  void drop_connection();

  const Config& config_;
  std::unique_ptr<sql::Connection> connection_;
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
};

// A transaction in progress. Rolls back in its destructor unless commit() ran.
class Transaction {
 public:
  enum class Mode { transaction, autocommit };
  explicit Transaction(Database& database, Mode mode = Mode::transaction);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Statement statement(std::string_view text) { return Statement(database_.prepare(text)); }
  // LAST_INSERT_ID() of this connection.
  int64_t last_insert_id();
  int default_lock_wait() const { return database_.config_.lock_wait_timeout; }
  void commit();

 private:
  Database& database_;
  bool finished_ = false;  // committed, rolled back, or never begun (autocommit)
};

// Lets the lock waits of one transaction last longer than the short default (a card batch may
// wait for another batch of its PIN length), and restores the default when it ends.
class LongLockWaits {
 public:
  LongLockWaits(Transaction& tx, int seconds);
  ~LongLockWaits();
  LongLockWaits(const LongLockWaits&) = delete;
  LongLockWaits& operator=(const LongLockWaits&) = delete;

 private:
  Transaction& tx_;
};

// Runs one attempt of work inside a Transaction and commits it.
template <class Work>
auto run_attempt(Database& database, Work& work, Transaction::Mode mode)
    -> std::invoke_result_t<Work&, Transaction&> {
  Transaction transaction(database, mode);
  if constexpr (std::is_void_v<std::invoke_result_t<Work&, Transaction&>>) {
    work(transaction);
    transaction.commit();
  } else {
    auto result = work(transaction);
    transaction.commit();
    return result;
  }
}

// No new attempt starts this long after the first: a request must end before nginx gives up on
// it (60 s), or a client could see a timeout for work that then commits.
inline constexpr std::chrono::seconds kRetryBudget{40};

template <class Work>
auto run_with_retries(Database& database, Work& work, Transaction::Mode mode)
    -> std::invoke_result_t<Work&, Transaction&> {
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    try {
      return run_attempt(database, work, mode);
    } catch (const sql::SQLException& error) {
      if (std::chrono::steady_clock::now() - started > kRetryBudget) throw;
      if (!database.should_retry(error.getErrorCode(), attempt)) throw;
    }
  }
}

template <class Work>
auto Database::transact(Work&& work) -> std::invoke_result_t<Work&, Transaction&> {
  return run_with_retries(*this, work, Transaction::Mode::transaction);
}

template <class Work>
auto Database::read(Work&& work) -> std::invoke_result_t<Work&, Transaction&> {
  return run_with_retries(*this, work, Transaction::Mode::autocommit);
}

}  // namespace morapi::db
