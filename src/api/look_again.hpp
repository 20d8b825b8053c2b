#pragma once
#include <chrono>
#include <functional>
#include <string>

namespace morapi::api {

// Thrown inside an attempt when a row changed between finding it and locking it (say, the
// caller ID moved to a new card): the transaction starts over and looks again.
struct LookAgain {};

struct LookAgainLimits {
  int max_attempts = 30;
  // No new attempt starts this long after the first: with the lock waits an attempt may have,
  // the request still ends well before nginx gives up on it (60 s).
  std::chrono::milliseconds budget{5000};
  // The pause before attempt n+1 is random in [0, min(max_pause, first_pause * 2^(n-1))]: the
  // requests that collided spread out instead of colliding again at once.
  std::chrono::microseconds first_pause{1000};
  std::chrono::microseconds max_pause{50000};
};

// Runs attempt() until it ends without LookAgain and returns its answer. When the attempts or
// the budget run out: ApiError `Failed to make transaction` (nothing was changed: every attempt
// rolled back). A request that had to look again logs one line saying so.
std::string run_looking_again(const std::function<std::string()>& attempt,
                              const LookAgainLimits& limits = {});

}  // namespace morapi::api
