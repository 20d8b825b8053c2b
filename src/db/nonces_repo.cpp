#include "db/nonces_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

int claim_nonce(Transaction& tx, const NonceClaim& c) {
  return tx.statement(sql_text::kClaimNonce)
      .bind(c.owner_id)
      .bind(c.nonce)
      .bind(c.timestamp)
      .bind(c.window)
      .bind(c.claim)
      .bind(c.timestamp)
      .bind(c.window)
      .update();
}

NonceState nonce_state(Transaction& tx, const NonceClaim& c) {
  auto r = tx.statement(sql_text::kSelectNonceState)
               .bind(c.timestamp)
               .bind(c.window)
               .bind(c.owner_id)
               .bind(c.nonce)
               .query();
  NonceState state;
  if (!r->next()) return state;
  state.fresh = r->getInt(1) != 0;
  if (!r->isNull(2)) state.claim = r->getString(2);
  state.stale = !r->isNull(3) && r->getInt(3) != 0;
  return state;
}

void delete_stale_nonce(Transaction& tx, const NonceClaim& c) {
  tx.statement(sql_text::kDeleteStaleNonce).bind(c.owner_id).bind(c.nonce).update();
}

int purge_expired_nonces(Transaction& tx, int limit) {
  return tx.statement(sql_text::kPurgeNonces).bind(limit).update();
}

}  // namespace morapi::db
