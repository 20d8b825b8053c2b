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
  std::string answer;
  int64_t lifetime_seconds = 0;
};

// An answer stored under a key, with the fingerprint of the request that stored it.
struct StoredAnswer {
  std::string fingerprint;
  std::string answer;
};

// False: a unique key refused the row (another request holds the same key).
bool insert_ledger_row(Transaction& tx, const LedgerRow& row);
// The answer of ledger row `id`, once the transaction that wrote it (if any) has ended.
std::optional<std::string> find_committed_answer(Transaction& tx, const std::string& id);
std::optional<StoredAnswer> find_answer_by_key(Transaction& tx, int64_t user_id,
                                               const std::string& key);
std::optional<StoredAnswer> find_answer_by_nginx_id(Transaction& tx, int64_t user_id,
                                                    const std::string& nginx_id);
// Frees a key whose row outlived its lifetime but was not purged yet.
void delete_expired_key(Transaction& tx, int64_t user_id, const std::string& key,
                        const std::string& nginx_id);
// Deletes up to `limit` expired rows; how many went.
int purge_expired_ledger_rows(Transaction& tx, int limit);

}  // namespace morapi::db
