#include "outcome/ledger_purge.hpp"

#include <random>

#include "db/nonces_repo.hpp"
#include "db/request_ledger_repo.hpp"
#include "util/log.hpp"

namespace morapi::outcome {
namespace {

constexpr int kBatch = 1000;

Clock::duration next_pause() {
  static std::minstd_rand random(std::random_device{}());
  return std::chrono::seconds(std::uniform_int_distribution<int>(30, 90)(random));
}

}  // namespace

void LedgerPurge::maybe_run(db::Database& database) {
  const auto now = Clock::now();
  if (now < next_) return;
  next_ = now + next_pause();
  try {
    int purged = 0;
    database.write_aside(
        [&](db::Transaction& tx) { purged = db::purge_expired_ledger_rows(tx, kBatch); });
    if (purged == kBatch) next_ = now;  // more are waiting: go on after the next request
    if (purged > 0) log::debug("purged " + std::to_string(purged) + " expired ledger rows");
    int nonces = 0;
    database.write_aside(
        [&](db::Transaction& tx) { nonces = db::purge_expired_nonces(tx, kBatch); });
    if (nonces == kBatch) next_ = now;
    if (nonces > 0) log::debug("purged " + std::to_string(nonces) + " expired nonces");
  } catch (const std::exception& error) {
    log::warn(std::string("could not purge the request ledger or the nonces: ") + error.what());
  }
}

}  // namespace morapi::outcome
