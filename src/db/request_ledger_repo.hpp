#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace morapi::db {

// One row of morapi_requests: what a request that changed something answered.
struct LedgerRow {
  std::string id;
  int64_t user_id = 0;
  std::optional<std::string> request_key;
  std::optional<std::string> nginx_request_id;
  std::string method;
  std::string fingerprint;
  int64_t lifetime_seconds = 0;
};

// An answer stored under a key, with the fingerprint of the request that stored it.
struct StoredAnswer {
  std::string fingerprint;
  std::string answer;
};

// How a lookup by key reads: plainly, or waiting for a request with the key whose COMMIT may
// still be running (a locking read).
enum class Lookup { committed, waiting };

// The first statement of a changing transaction: the row, without its keys and answer.
void insert_ledger_row(Transaction& tx, const LedgerRow& row);
// The last statement before COMMIT: the row's keys and answer. Rows changed: 1, or 0 when the
// row insert_ledger_row() wrote is no longer there. nullopt: a unique key refused the keys
// (another request with the same key committed; one still running is waited for).
std::optional<int> set_ledger_answer(Transaction& tx, const LedgerRow& row,
                                     const std::string& answer);
// The answer of ledger row `id`, once the transaction that wrote it (if any) has ended.
std::optional<std::string> find_committed_answer(Transaction& tx, const std::string& id);
std::optional<StoredAnswer> find_answer_by_key(Transaction& tx, int64_t user_id,
                                               const std::string& key, Lookup lookup);
// nginx's id names a request together with its fingerprint (a peer may send one id twice).
std::optional<StoredAnswer> find_answer_by_nginx_id(Transaction& tx, int64_t user_id,
                                                    const std::string& nginx_id,
                                                    const std::string& fingerprint, Lookup lookup);
// Frees a key whose row outlived its lifetime but was not purged yet.
void delete_expired_key(Transaction& tx, int64_t user_id, const std::string& key,
                        const std::string& nginx_id);
// Deletes up to `limit` expired rows; how many went.
int purge_expired_ledger_rows(Transaction& tx, int limit);

}  // namespace morapi::db
