#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "db/database.hpp"
#include "db/request_ledger_repo.hpp"
#include "http/params.hpp"
#include "outcome/deadline.hpp"

namespace morapi::outcome {

// What the ledger needs to know of a request before its checks ran.
struct LedgerTicket {
  std::string method;
  Clock::time_point deadline;
  int io_timeout = 0;                           // seconds (db_io_timeout, or longer for batches)
  std::optional<std::string> nginx_request_id;  // the implicit key
  // The parameters the fingerprint is made of (they outlive the ledger): hashed only when a
  // key is looked up or a row written, not for the many requests that change nothing.
  const Params* params = nullptr;
  int key_lifetime = 0;       // seconds an explicit key keeps its answer
  int nginx_id_lifetime = 0;  // seconds nginx's $request_id (or no key at all) keeps it
};

// record() found this request's key taken: another request with it committed first.
struct KeyTaken : std::runtime_error {
  KeyTaken() : std::runtime_error("another request committed with this request's key") {}
};

// The request ledger of one request (SPEC 5), in force while it lives: the deadline and
// statement timeouts of its transactions, the ledger row each changing transaction writes with
// its answer, the lookup that resolves a COMMIT whose answer was lost, and the answers stored
// under its key.
class RequestLedger final : public db::RequestScope {
 public:
  RequestLedger(db::Database& database, LedgerTicket ticket);
  ~RequestLedger() override;
  RequestLedger(const RequestLedger&) = delete;
  RequestLedger& operator=(const RequestLedger&) = delete;

  // The caller passed the method's checks; `key` is its request id, if it sent one.
  void identify(int64_t user_id, std::optional<std::string> key);
  // The answer stored under the client's key (or, with `nginx_id_too`, nginx's id for this
  // request) by an earlier request that changed something. KeyRefused when it was stored for
  // other parameters.
  std::optional<std::string> stored_answer(bool nginx_id_too);
  // The same for a request past its deadline, which may only be told what an earlier copy did:
  // waits for a copy whose COMMIT may still be running; OutcomeUnknown if it does not end.
  std::optional<std::string> stored_answer_when_late();
  // Frees this request's keys where their rows outlived their lifetime unpurged.
  void forget_expired_keys();
  // Drawn when first needed (a request that changes nothing never needs one).
  const std::string& id() const;

  Clock::time_point deadline() const override { return ticket_.deadline; }
  int io_timeout() const override { return ticket_.io_timeout; }
  void open(db::Transaction& tx) override;
  void record(db::Transaction& tx, const std::string& answer) override;
  std::optional<std::string> resolve_lost_commit(db::Database& database) override;
  std::optional<db::EarlierCopy> earlier_copy() const override;
  void earlier_copy_absent() override { earlier_copy_absent_ = true; }

 private:
  db::LedgerRow row() const;  // this request's ledger row, without its answer
  const std::string& fingerprint() const;
  // There is a key to look up: the client's, or with `nginx_id_too` nginx's.
  bool has_key(bool nginx_id_too) const;
  std::optional<db::StoredAnswer> find_stored(db::Transaction& tx, bool nginx_id_too,
                                              db::Lookup lookup);
  // The stored answer, if it was stored for these parameters; KeyRefused otherwise.
  std::optional<std::string> answer_of(const std::optional<db::StoredAnswer>& stored) const;

  db::Database& database_;
  LedgerTicket ticket_;
  mutable std::string id_;
  mutable std::string fingerprint_;
  int64_t user_id_ = -1;
  std::optional<std::string> key_;
  bool earlier_copy_absent_ = false;  // a method's folded lookup found no earlier copy
};

}  // namespace morapi::outcome
