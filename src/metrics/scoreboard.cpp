#include "metrics/scoreboard.hpp"

#include "util/shared_memory.hpp"

namespace morapi::metrics {
namespace {

Board g_own_board;
Board* g_board = &g_own_board;
size_t g_slot = kMaxWorkers;  // none

// Relaxed: each counter stands alone; a reader sees every count a moment later at most.
void add(std::atomic<uint64_t>& counter, uint64_t n = 1) {
  counter.fetch_add(n, std::memory_order_relaxed);
}

}  // namespace

void share_between_processes() {
  // Without the mapping, counts of this process alone: the service still runs.
  if (Board* shared = make_shared_between_forks<Board>()) g_board = shared;
}

Board& board() {
  return *g_board;
}

size_t method_index(std::string_view method) {
  for (size_t i = 0; i + 1 < kMethods.size(); ++i) {
    if (kMethods[i] == method) return i;
  }
  return kMethods.size() - 1;
}

size_t status_index(int status) {
  for (size_t i = 0; i + 1 < kStatuses.size(); ++i) {
    if (kStatuses[i] == status) return i;
  }
  return kStatuses.size() - 1;
}

void set_worker_slot(size_t slot) {
  if (slot >= kMaxWorkers) return;
  g_slot = slot;
  board().workers[slot].store(static_cast<uint8_t>(WorkerState::idle));
}

void set_worker_state(WorkerState state) {
  if (g_slot < kMaxWorkers) board().workers[g_slot].store(static_cast<uint8_t>(state));
}

void free_worker_slot(size_t slot) {
  if (slot < kMaxWorkers) board().workers[slot].store(static_cast<uint8_t>(WorkerState::free));
}

void count_request(std::string_view method, int status, double seconds) {
  const size_t m = method_index(method);
  add(board().requests[m][status_index(status)]);
  Histogram& histogram = board().durations[m];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) add(histogram.buckets[i]);
  }
  add(histogram.count);
  add(histogram.sum_us, seconds > 0 ? static_cast<uint64_t>(seconds * 1e6 + 0.5) : 0);
}

void count_retry(Retry reason) {
  add(board().retries[static_cast<size_t>(reason)]);
}

void count_outcome_unknown() {
  add(board().outcome_unknown);
}

void count_failed_attempt() {
  add(board().failed_attempts);
}

void count_held_answer() {
  add(board().held_answers);
}

void count_worker_restart() {
  add(board().worker_restarts);
}

void count_cards_created(int64_t cards) {
  if (cards > 0) add(board().cards_created, static_cast<uint64_t>(cards));
}

}  // namespace morapi::metrics
