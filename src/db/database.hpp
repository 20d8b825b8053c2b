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
#include <vector>

#include "config/config.hpp"
#include "db/request_scope.hpp"

namespace sql {
class Connection;
}

namespace morapi::db {

// No answer can be given: the caller answers 503, telling the client in X-Morapi-Outcome
// whether the request changed nothing (`not-applied`) or may have (`unknown`).
struct Unavailable : std::runtime_error {
  explicit Unavailable(const std::string& what, const char* outcome = "not-applied")
      : std::runtime_error(what), outcome(outcome) {}
  const char* outcome;
};

// The request's deadline passed before its transaction could commit: nothing was committed.
struct DeadlinePassed : Unavailable {
  DeadlinePassed() : Unavailable("the request's deadline passed; nothing was committed") {}
};

// The connection was lost during COMMIT and the database could not be asked in time whether it
// committed.
struct OutcomeUnknown : Unavailable {
  explicit OutcomeUnknown(const std::string& what) : Unavailable(what, "unknown") {}
};

// The connection was lost during COMMIT (resolved by the RequestScope).
struct CommitLost : std::runtime_error {
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

// The error means the connection died (gone, lost, killed, server shutting down): reconnect.
bool is_lost_connection(int code);

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
// whole unit on deadlock or lock wait timeout and reconnects on a lost connection, within the
// deadline of the request being served (RequestScope).
class Database {
 public:
  explicit Database(const Config& config);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs work(Transaction&), which returns the request's answer, in a transaction, records the
  // answer (the request ledger) and commits it, unless the deadline passed (DeadlinePassed). An
  // exception thrown by work rolls it back and propagates unchanged. After a COMMIT whose answer
  // was lost, the answer it recorded, if it committed.
  template <class Work>
  std::string transact(Work&& work);

  // Runs reads that need no transaction (each statement commits on its own): the same retries,
  // two round trips fewer (no START TRANSACTION, no COMMIT).
  template <class Work>
  auto read(Work&& work) -> std::invoke_result_t<Work&, Transaction&>;

  // Locking reads in a transaction of their own, also after the deadline and never recorded
  // (the ledger's own lookups).
  template <class Work>
  auto inspect(Work&& work) -> std::invoke_result_t<Work&, Transaction&>;

  // One statement that commits on its own and is nobody's answer (an `actions` row).
  template <class Work>
  void write_aside(Work&& work) {
    read(work);
  }

  // True when a trivial query succeeds (health checks).
  bool ping();

  // The request being served (nullptr between requests): its deadline and ledger.
  void serve(RequestScope* scope);

  // What to do with an error from inside an attempt; false: rethrow it.
  bool should_retry(int code, int attempt);
  // When retries stop: the request's deadline, else `started` + kRetryBudget.
  std::chrono::steady_clock::time_point retry_until(std::chrono::steady_clock::time_point started);

 private:
  friend class Transaction;
  friend class LongLockWaits;
  // Lock waits of `seconds`, shortened to the time left before the deadline.
  void want_lock_wait(int seconds);
  // The session's autocommit, set only when it differs: a changing transaction turns it off
  // and leaves it off (nothing is open after its COMMIT or ROLLBACK), so that back-to-back
  // changing requests skip `SET autocommit` both ways (2 round trips each); a read turns it on.
  void want_autocommit(bool on);
  // The request being served has passed its deadline.
  bool past_deadline() const;
  int io_timeout() const;
  sql::Connection& connection();  // connects when needed; throws Unavailable
  sql::PreparedStatement& prepare(std::string_view text);
  void execute(const char* text);
  void drop_connection();

  const Config& config_;
  std::vector<DatabaseEndpoint> endpoints_;  // db_host/db_socket, then db_fallback
  RequestScope* scope_ = nullptr;
  std::unique_ptr<sql::Connection> connection_;
  int connection_io_timeout_ = 0;   // what the open connection was made with
  int session_lock_wait_ = 0;       // innodb_lock_wait_timeout of the open connection
  bool session_autocommit_ = true;  // autocommit of the open connection
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements_;
};

// A transaction in progress. Rolls back in its destructor unless commit() ran.
class Transaction {
 public:
  // The request being served (nullptr between requests): for repositories that fold a ledger
  // lookup into their own statement (RequestScope::earlier_copy).
  RequestScope* scope() const;
  // transaction: a change, refused after the deadline; inspection: locking reads only.
  enum class Mode { transaction, autocommit, inspection };
  explicit Transaction(Database& database, Mode mode = Mode::transaction);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // In a changing transaction no statement starts after the deadline (a long batch stops at
  // its next statement, not at COMMIT).
  Statement statement(std::string_view text);
  // LAST_INSERT_ID() of this connection.
  int64_t last_insert_id();
  // Records `answer` (the request's ledger row) and commits, unless the deadline has passed.
  void commit_answer(const std::string& answer);
  void commit();

 private:
  Database& database_;
  Mode mode_;
  bool finished_ = false;  // committed, rolled back, or never begun (autocommit)
};

// Lets the lock waits of one transaction last longer than the short default (a card batch may
// wait for another batch of its PIN length), within the deadline, and restores the default when
// it ends.
class LongLockWaits {
 public:
  LongLockWaits(Database& database, int seconds);
  ~LongLockWaits();
  LongLockWaits(const LongLockWaits&) = delete;
  LongLockWaits& operator=(const LongLockWaits&) = delete;

 private:
  Database& database_;
};

// No new attempt starts this long after the first, outside a request (which has its deadline).
inline constexpr std::chrono::seconds kRetryBudget{40};

template <class Work, class Attempt>
auto run_with_retries(Database& database, Work& work, Attempt attempt_once)
    -> std::invoke_result_t<Work&, Transaction&> {
  const auto until = database.retry_until(std::chrono::steady_clock::now());
  for (int attempt = 1;; ++attempt) {
    try {
      return attempt_once(work);
    } catch (const sql::SQLException& error) {
      if (std::chrono::steady_clock::now() > until) throw;
      if (!database.should_retry(error.getErrorCode(), attempt)) throw;
    }
  }
}

template <class Work>
std::string Database::transact(Work&& work) {
  static_assert(std::is_convertible_v<std::invoke_result_t<Work&, Transaction&>, std::string>,
                "a changing transaction returns the request's answer");
  return run_with_retries(*this, work, [this](Work& w) -> std::string {
    try {
      Transaction transaction(*this, Transaction::Mode::transaction);
      if (scope_) scope_->open(transaction);
      std::string answer = w(transaction);
      transaction.commit_answer(answer);
      return answer;
    } catch (const CommitLost& lost) {
      if (!scope_) throw OutcomeUnknown(lost.what());
      if (auto stored = scope_->resolve_lost_commit(*this)) return *stored;
      // It did not commit: try again, as after any lost connection.
      throw sql::SQLException(lost.what(), "HY000", kServerLost);
    }
  });
}

template <class Work>
auto Database::inspect(Work&& work) -> std::invoke_result_t<Work&, Transaction&> {
  return run_with_retries(*this, work, [this](Work& w) {
    Transaction transaction(*this, Transaction::Mode::inspection);
    auto result = w(transaction);
    transaction.commit();
    return result;
  });
}

template <class Work>
auto Database::read(Work&& work) -> std::invoke_result_t<Work&, Transaction&> {
  return run_with_retries(*this, work, [this](Work& w) {
    Transaction transaction(*this, Transaction::Mode::autocommit);
    return w(transaction);
  });
}

}  // namespace morapi::db
