#pragma once
#include <chrono>
#include <cstdint>
#include <string_view>

namespace morapi::auth {

// Abuse limits (OWASP API4): failed logins and hashes counted per minute across a host's workers,
// in memory shared before fork. Three counters per failure: the client address (any `u`), the `u`
// (any address), and the two together. Only failures are counted and only failures are delayed,
// so an honest request never waits; only the optional lockout reads the counters on every
// request, and it uses the pair, so an attacker locks out nobody but its own address and `u`.
struct Attempt {
  std::string_view address;  // REMOTE_ADDR (nginx's real_ip result)
  std::string_view user;     // `u` as sent, "" when none
};

struct LimitSettings {
  int delay_after = 30;     // failures a minute of one address or one `u` before answers wait
  int delay_max_ms = 2000;  // the longest wait
  int lockout_after = 0;    // failures a minute of one address and `u` before refusing; 0: never
};

// Maps the counters into memory shared with the workers forked afterwards (the master calls it
// once). Without it each process counts alone.
void share_failure_counts();

// Counts one failure at `now_seconds`; how long its answer should wait: nothing up to
// delay_after failures in this minute, then 100 ms more for each, up to delay_max_ms.
std::chrono::milliseconds count_failure(const Attempt& attempt, const LimitSettings& limits,
                                        int64_t now_seconds);

// True when lockout_after is set and the address and `u` failed that often in this minute.
bool locked_out(const Attempt& attempt, const LimitSettings& limits, int64_t now_seconds);

}  // namespace morapi::auth
