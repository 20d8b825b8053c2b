#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace morapi::db {

class Database;
class Transaction;

// What an earlier copy of this request (one nginx re-sent) is looked up by in the ledger.
struct EarlierCopy {
  int64_t user_id = 0;
  std::string nginx_request_id;
  std::string fingerprint;
};

// What the request being served asks of every transaction it runs; outcome::RequestLedger
// implements it (SPEC 5), so that endpoints see nothing of deadlines and ledgers.
class RequestScope {
 public:
  virtual ~RequestScope() = default;
  // No changing transaction starts or commits after this; retries and lock waits end by it.
  virtual std::chrono::steady_clock::time_point deadline() const = 0;
  // Seconds a statement may wait for the server before the connection counts as lost.
  virtual int io_timeout() const = 0;
  // The first statement of every changing transaction: writes the request's ledger row, still
  // without its answer. Its unique keys decide at once between requests with the same key.
  virtual void open(Transaction& tx) = 0;
  // Right before COMMIT, inside the transaction: records the answer it will give in the row
  // open() wrote. Finding that row gone means the server ended the transaction on its own
  // (what a Galera write conflict does) and what ran since would commit without it: throws a
  // deadlock error then, so the whole transaction is retried and nothing half-done commits.
  virtual void record(Transaction& tx, const std::string& answer) = 0;
  // The connection was lost during COMMIT. Asks the database, on a new connection, whether it
  // committed: the answer recorded then, or nothing when nothing was committed. Throws
  // OutcomeUnknown when the database cannot be asked in time.
  virtual std::optional<std::string> resolve_lost_commit(Database& database) = 0;
  // A read that finds "this already exists" may see what an earlier copy of this request
  // committed: that copy's answer is then this one's. When that lookup can be folded into the
  // read's own statement (nginx's request id, and no client key), what to look up; nothing
  // otherwise (the error is looked up after the method, as ever).
  virtual std::optional<EarlierCopy> earlier_copy() const = 0;
  // The folded lookup ran and found no copy: the lookup after the error would find none either.
  virtual void earlier_copy_absent() = 0;
};

}  // namespace morapi::db
