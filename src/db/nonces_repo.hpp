#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace morapi::db {

// One use of a strong signature's nonce (table morapi_nonces, key owner_id + nonce).
struct NonceClaim {
  int64_t owner_id = 0;
  std::string_view nonce;
  int64_t timestamp = 0;   // the request's, unix seconds
  int64_t window = 0;      // seconds either side of the database server's clock
  std::string_view claim;  // this attempt's random token: a retried INSERT finds its own row
};

// 1 when the nonce was new and its timestamp fresh (the row is now there), else 0.
int claim_nonce(Transaction& tx, const NonceClaim& claim);

// What the database knows after a claim inserted nothing.
struct NonceState {
  bool fresh = false;                // the timestamp is within the window
  std::optional<std::string> claim;  // the row's token, when a row exists
  bool stale = false;                // the row is past usable_until (not purged yet)
};
NonceState nonce_state(Transaction& tx, const NonceClaim& claim);
void delete_stale_nonce(Transaction& tx, const NonceClaim& claim);

// Deletes up to `limit` nonces past their usable_until; how many went.
int purge_expired_nonces(Transaction& tx, int limit);

}  // namespace morapi::db
