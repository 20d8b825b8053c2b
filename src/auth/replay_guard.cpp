#include "auth/replay_guard.hpp"

#include <openssl/rand.h>

#include <string>

#include "auth/digest.hpp"
#include "db/nonces_repo.hpp"

namespace morapi::auth {
namespace {

// 32 hex digits, different for every use: a claim whose answer was lost (and retried by
// Database::read) finds its own row instead of taking itself for a replay.
std::string new_claim_token() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("RAND_bytes failed");
  return hex(bytes, sizeof bytes);
}

}  // namespace

NonceUse use_nonce(db::Database& database, int64_t owner, const StrongFields& fields, int window) {
  const std::string token = new_claim_token();
  db::NonceClaim claim;
  claim.owner_id = owner;
  claim.nonce = fields.nonce;
  claim.timestamp = std::stoll(fields.timestamp);  // well_formed(): 1-12 digits
  claim.window = window;
  claim.claim = token;
  // At most twice: a second time only after deleting a row that outlived its window.
  for (int attempt = 0; attempt < 2; ++attempt) {
    db::NonceState state;
    database.write_aside([&](db::Transaction& tx) {
      if (db::claim_nonce(tx, claim) == 1) {
        state.fresh = true;
        state.claim = token;
        return;
      }
      state = db::nonce_state(tx, claim);
    });
    if (!state.fresh) return NonceUse::expired;
    if (state.claim == token) return NonceUse::fresh;
    if (!state.claim) continue;  // purged meanwhile: claim again
    if (!state.stale) return NonceUse::replayed;
    database.write_aside([&](db::Transaction& tx) { db::delete_stale_nonce(tx, claim); });
  }
  return NonceUse::replayed;
}

}  // namespace morapi::auth
