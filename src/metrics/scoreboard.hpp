#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace morapi::metrics {

// A host's counters for `/billing/api/_metrics` (issue 12), shared by the master and every worker
// the way PHP-FPM's status page is: one anonymous shared mapping, made by the master before it
// forks, that each worker updates with atomics (no locks: a worker killed mid-update leaves at
// most one count behind) and whichever worker answers reads.

// The methods with their own label; anything else is "other". A unit test checks that every
// method of the route table is here.
inline constexpr std::array<std::string_view, 8> kMethods = {
    "calling_cards_create",     "cc_by_cli", "cli_add",  "did_create",
    "did_rates_details_update", "_health",   "_metrics", "other"};
// The statuses morapi answers with (SPEC §3); anything else is counted as "other".
inline constexpr std::array<int, 11> kStatuses = {200, 400, 403, 404, 405, 408,
                                                  413, 414, 500, 503, 0};
// Upper bounds of the duration histogram, in seconds (Prometheus' default buckets, plus 30 and
// 120 for card batches); +Inf is the count.
inline constexpr std::array<double, 13> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                    1,     2.5,  5,     10,   30,  120};
// Why a transaction ran again. deadlock includes a transaction the server ended before COMMIT
// (a Galera conflict: the ledger notices and retries it as a deadlock).
enum class Retry { deadlock, lock_wait_timeout, connection_lost, kinds };
inline constexpr std::array<std::string_view, 3> kRetryReasons = {"deadlock", "lock_wait_timeout",
                                                                  "connection_lost"};
// Worker slots: more than `workers` can be (the master refuses to start more than this).
inline constexpr size_t kMaxWorkers = 1024;

struct Histogram {
  std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{};  // cumulative counts
  std::atomic<uint64_t> count{0};
  std::atomic<uint64_t> sum_us{0};  // microseconds: integer, exact
};

enum class WorkerState : uint8_t { free = 0, idle = 1, busy = 2 };

struct Board {
  std::array<std::array<std::atomic<uint64_t>, kStatuses.size()>, kMethods.size()> requests{};
  std::array<Histogram, kMethods.size()> durations{};
  std::array<std::atomic<uint64_t>, static_cast<size_t>(Retry::kinds)> retries{};
  std::atomic<uint64_t> outcome_unknown{0};
  std::atomic<uint64_t> worker_restarts{0};
  std::atomic<uint64_t> cards_created{0};
  std::atomic<uint64_t> failed_attempts{0};  // failed logins and hashes (abuse limits)
  std::atomic<uint64_t> held_answers{0};     // answered later by the abuse limits
  std::array<std::atomic<uint8_t>, kMaxWorkers> workers{};  // WorkerState per slot
};

// The master: maps the board (zeroed); before the first fork. Without it (tests, tools) every
// count goes to a board of this process alone.
void share_between_processes();
Board& board();

size_t method_index(std::string_view method);
size_t status_index(int status);

// A worker's slot: the master gives each forked worker one (its state idle); a worker marks it
// busy while it serves a request; the master frees it when the worker exits.
void set_worker_slot(size_t slot);
void set_worker_state(WorkerState state);  // of this process's slot
void free_worker_slot(size_t slot);

void count_request(std::string_view method, int status, double seconds);
void count_retry(Retry reason);
void count_outcome_unknown();
void count_worker_restart();
void count_cards_created(int64_t cards);
void count_failed_attempt();
void count_held_answer();

// The Prometheus text format (version 0.0.4) of the board, with morapi_build_info{version}.
std::string exposition(const Board& board, std::string_view version);

}  // namespace morapi::metrics
