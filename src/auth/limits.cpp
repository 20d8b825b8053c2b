#include "auth/limits.hpp"

#include <openssl/sha.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <string>

#include "util/shared_memory.hpp"

namespace morapi::auth {
namespace {

constexpr size_t kSlots = 8192;
constexpr size_t kProbe = 16;
constexpr int64_t kStepMs = 100;

enum class Kind : char { address = 'a', user = 'u', pair = 'p' };

// A sliding minute: the failures of this minute and of the one before it, so that a count does
// not drop to nothing at a minute's boundary.
struct Slot {
  uint64_t key = 0;  // 0: empty
  int64_t minute = 0;
  int64_t count = 0;
  int64_t previous = 0;  // in minute - 1
};

// One lock for the whole table: it is taken only on a failure (or, with a lockout, for one
// lookup), for a few dozen instructions.
struct FailureTable {
  std::atomic<bool> busy{false};
  std::array<Slot, kSlots> slots{};
};

FailureTable g_own_table;
FailureTable* g_table = &g_own_table;

class TableLock {
 public:
  // A worker killed inside (SIGKILL) would leave the lock taken for good: after a while it is
  // taken over instead. Sharing it with a live holder at worst miscounts a failure.
  explicit TableLock(FailureTable& table) : table_(table) {
    for (int tries = 0; tries < kMaxTries; ++tries) {
      if (!table_.busy.exchange(true, std::memory_order_acquire)) return;
      sched_yield();
    }
  }
  ~TableLock() { table_.busy.store(false, std::memory_order_release); }
  TableLock(const TableLock&) = delete;
  TableLock& operator=(const TableLock&) = delete;

 private:
  static constexpr int kMaxTries = 10000;
  FailureTable& table_;
};

// A digest rather than a plain hash: the attacker picks both texts and could otherwise aim at
// the slot (and count) of somebody else's address and `u`.
uint64_t key_of(Kind kind, const Attempt& attempt) {
  std::string text(1, static_cast<char>(kind));
  if (kind != Kind::user) text.append(attempt.address);
  text += '\0';
  if (kind != Kind::address) text.append(attempt.user);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  uint64_t key = 0;
  std::memcpy(&key, digest, sizeof key);
  return key == 0 ? 1 : key;
}

// Moves the slot on to `minute`.
void advance(Slot& slot, int64_t minute) {
  if (slot.minute == minute) return;
  slot.previous = slot.minute == minute - 1 ? slot.count : 0;
  slot.count = 0;
  slot.minute = minute;
}

// The failures of the last 60 seconds, estimated: this minute's, and the part of the previous
// minute's that is still in the window.
int64_t recent(const Slot& slot, int64_t now_seconds) {
  const int64_t minute = now_seconds / 60;
  if (slot.minute == minute) return slot.count + slot.previous * (60 - now_seconds % 60) / 60;
  if (slot.minute == minute - 1) return slot.count * (60 - now_seconds % 60) / 60;
  return 0;
}

// The slot holding `key`, or one to take for it: an empty one, one out of the window, or else
// the one with the fewest failures (a flood of new keys pushes out the small counts first).
Slot& slot_for(FailureTable& table, uint64_t key, int64_t now_seconds) {
  const auto worth = [now_seconds](const Slot& slot) -> int64_t {
    return slot.key == 0 ? -1 : recent(slot, now_seconds);
  };
  Slot* choice = nullptr;
  for (size_t i = 0; i < kProbe; ++i) {
    Slot& slot = table.slots[(key + i) % kSlots];
    if (slot.key == key) return slot;
    if (!choice || worth(slot) < worth(*choice)) choice = &slot;
  }
  *choice = Slot{key, now_seconds / 60, 0, 0};
  return *choice;
}

int64_t add_failure(FailureTable& table, uint64_t key, int64_t now_seconds) {
  Slot& slot = slot_for(table, key, now_seconds);
  advance(slot, now_seconds / 60);
  ++slot.count;
  return recent(slot, now_seconds);
}

int64_t failures_of(const FailureTable& table, uint64_t key, int64_t now_seconds) {
  for (size_t i = 0; i < kProbe; ++i) {
    const Slot& slot = table.slots[(key + i) % kSlots];
    if (slot.key == key) return recent(slot, now_seconds);
  }
  return 0;
}

}  // namespace

void share_failure_counts() {
  if (FailureTable* shared = make_shared_between_forks<FailureTable>()) g_table = shared;
}

std::chrono::milliseconds count_failure(const Attempt& attempt, const LimitSettings& limits,
                                        int64_t now_seconds) {
  const uint64_t by_address = key_of(Kind::address, attempt);
  const uint64_t by_user = key_of(Kind::user, attempt);
  const uint64_t by_pair = key_of(Kind::pair, attempt);
  int64_t most = 0;
  {
    TableLock lock(*g_table);
    most = std::max(add_failure(*g_table, by_address, now_seconds),
                    add_failure(*g_table, by_user, now_seconds));
    add_failure(*g_table, by_pair, now_seconds);
  }
  if (limits.delay_max_ms <= 0 || most <= limits.delay_after) return {};
  const int64_t wait =
      std::min<int64_t>(limits.delay_max_ms, (most - limits.delay_after) * kStepMs);
  return std::chrono::milliseconds(wait);
}

bool locked_out(const Attempt& attempt, const LimitSettings& limits, int64_t now_seconds) {
  if (limits.lockout_after <= 0) return false;
  const uint64_t key = key_of(Kind::pair, attempt);
  TableLock lock(*g_table);
  return failures_of(*g_table, key, now_seconds) >= limits.lockout_after;
}

}  // namespace morapi::auth
