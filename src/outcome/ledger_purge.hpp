#pragma once
#include "db/database.hpp"
#include "outcome/deadline.hpp"

namespace morapi::outcome {

// Deletes expired ledger rows (and strong signatures' expired nonces) now and then: every worker
// about once a minute (at random moments, so that workers and hosts do not purge in step), a
// bounded batch each time, so the table holds about one lifetime of answers and a purge never holds
// locks for long.
class LedgerPurge {
 public:
  void maybe_run(db::Database& database);

 private:
  Clock::time_point next_{};
};

}  // namespace morapi::outcome
