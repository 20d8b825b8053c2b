#include "outcome/ledger.hpp"

#include <openssl/rand.h>

#include <thread>
#include <utility>

#include "auth/digest.hpp"
#include "db/request_ledger_repo.hpp"
#include "outcome/request_key.hpp"
#include "util/log.hpp"

namespace morapi::outcome {
namespace {

// How long after the deadline a lost COMMIT may still be resolved: the COMMIT began before the
// deadline and the client waits for its answer (nginx's read timeout is far longer).
constexpr std::chrono::seconds kResolveGrace{5};
constexpr std::chrono::milliseconds kResolvePause{200};

int64_t g_unknown_outcomes = 0;

// 128 random bits: unique across hosts without asking anyone.
std::string draw_ledger_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return auth::hex(bytes, sizeof bytes);
}

}  // namespace

RequestLedger::RequestLedger(db::Database& database, LedgerTicket ticket)
    : database_(database), ticket_(std::move(ticket)) {
  database_.serve(this);
}

RequestLedger::~RequestLedger() {
  database_.serve(nullptr);
}

const std::string& RequestLedger::id() const {
  if (id_.empty()) id_ = draw_ledger_id();
  return id_;
}

const std::string& RequestLedger::fingerprint() const {
  if (fingerprint_.empty()) fingerprint_ = outcome::fingerprint(ticket_.method, *ticket_.params);
  return fingerprint_;
}

void RequestLedger::identify(int64_t user_id, std::optional<std::string> key) {
  user_id_ = user_id;
  key_ = std::move(key);
}

std::optional<db::StoredAnswer> RequestLedger::find_stored(db::Transaction& tx, bool nginx_id_too,
                                                           db::Lookup lookup) {
  auto found = key_ ? db::find_answer_by_key(tx, user_id_, *key_, lookup) : std::nullopt;
  if (!found && nginx_id_too && ticket_.nginx_request_id) {
    found =
        db::find_answer_by_nginx_id(tx, user_id_, *ticket_.nginx_request_id, fingerprint(), lookup);
  }
  return found;
}

bool RequestLedger::has_key(bool nginx_id_too) const {
  return key_ || (nginx_id_too && ticket_.nginx_request_id);
}

std::optional<std::string> RequestLedger::answer_of(
    const std::optional<db::StoredAnswer>& stored) const {
  if (!stored) return std::nullopt;
  if (stored->fingerprint != fingerprint()) throw KeyRefused(kKeyUsedWithOtherParameters);
  return stored->answer;
}

std::optional<db::EarlierCopy> RequestLedger::earlier_copy() const {
  // With a client's key, answer_once looks the key up itself (before and after the method).
  if (key_ || !ticket_.nginx_request_id || user_id_ < 0) return std::nullopt;
  return db::EarlierCopy{user_id_, *ticket_.nginx_request_id, fingerprint()};
}

std::optional<std::string> RequestLedger::stored_answer(bool nginx_id_too) {
  // The method already looked nginx's id up, in its own statement, and found nothing (there is
  // no client key then: earlier_copy()). Once: a later lookup (after KeyTaken) asks again.
  if (nginx_id_too && std::exchange(earlier_copy_absent_, false) && !key_) return std::nullopt;
  if (!has_key(nginx_id_too)) return std::nullopt;
  return answer_of(database_.read(
      [&](db::Transaction& tx) { return find_stored(tx, nginx_id_too, db::Lookup::committed); }));
}

std::optional<std::string> RequestLedger::stored_answer_when_late() {
  if (!has_key(true)) return std::nullopt;
  std::optional<db::StoredAnswer> stored;
  try {
    stored = database_.inspect(
        [&](db::Transaction& tx) { return find_stored(tx, true, db::Lookup::waiting); });
  } catch (const sql::SQLException& error) {
    if (error.getErrorCode() != db::kLockWaitTimeout) throw;
    ++g_unknown_outcomes;
    log::fail("OUTCOME UNKNOWN: " + ticket_.method +
              " past its deadline: a request with its id is still committing (ledger id " + id() +
              ")");
    throw db::OutcomeUnknown("a request with this id is still committing");
  }
  return answer_of(stored);
}

void RequestLedger::forget_expired_keys() {
  database_.write_aside([&](db::Transaction& tx) {
    db::delete_expired_key(tx, user_id_, key_.value_or(""), ticket_.nginx_request_id.value_or(""));
  });
}

db::LedgerRow RequestLedger::row() const {
  db::LedgerRow row;
  row.id = id();
  row.user_id = user_id_;
  row.request_key = key_;
  row.nginx_request_id = ticket_.nginx_request_id;
  row.method = ticket_.method;
  row.fingerprint = fingerprint();
  row.lifetime_seconds = key_ ? ticket_.key_lifetime : ticket_.nginx_id_lifetime;
  return row;
}

void RequestLedger::open(db::Transaction& tx) {
  db::insert_ledger_row(tx, row());
}

void RequestLedger::record(db::Transaction& tx, const std::string& answer) {
  // The unique keys wait for a request holding the same key to end, and refuse this row when
  // it committed: on any number of hosts, one of them applies.
  const auto changed = db::set_ledger_answer(tx, row(), answer);
  if (!changed) throw KeyTaken();
  if (*changed == 1) return;
  log::warn("the database ended a transaction before COMMIT (ledger id " + id() +
            " is gone); retrying it whole");
  throw sql::SQLException("the transaction was rolled back by the server before COMMIT", "40001",
                          db::kDeadlock);
}

std::optional<std::string> RequestLedger::resolve_lost_commit(db::Database& database) {
  log::warn("connection lost during COMMIT; asking the database about ledger id " + id());
  const auto give_up = ticket_.deadline + kResolveGrace;
  for (;;) {
    try {
      // A locking read: if the COMMIT is still running on the server, this waits for its end.
      auto answer = database.inspect(
          [&](db::Transaction& tx) { return db::find_committed_answer(tx, id()); });
      log::warn(std::string("ledger id ") + id() +
                (answer ? ": it committed; answering what it stored" : ": nothing committed"));
      return answer;
    } catch (const std::exception& error) {
      if (Clock::now() >= give_up) {
        ++g_unknown_outcomes;
        log::fail("OUTCOME UNKNOWN: " + ticket_.method + " ledger id " + id() +
                  ": the database could not be asked whether it committed (" + error.what() +
                  "); check morapi_requests for this id. Unknown outcomes in this worker: " +
                  std::to_string(g_unknown_outcomes));
        throw db::OutcomeUnknown("outcome unknown, ledger id " + id());
      }
      std::this_thread::sleep_for(kResolvePause);
    }
  }
}

}  // namespace morapi::outcome
