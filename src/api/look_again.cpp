#include "api/look_again.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "api/error.hpp"
#include "util/log.hpp"

namespace morapi::api {
namespace {

void pause_before(int next_attempt, const LookAgainLimits& limits) {
  // Seeded on first use, in the worker (after fork): workers do not pause in step.
  static std::minstd_rand random(std::random_device{}());
  const int doublings = std::min(next_attempt - 2, 20);
  const auto ceiling = std::min(limits.max_pause, limits.first_pause * (int64_t{1} << doublings));
  std::uniform_int_distribution<int64_t> pause(0, ceiling.count());
  std::this_thread::sleep_for(std::chrono::microseconds(pause(random)));
}

}  // namespace

std::string run_looking_again(const std::function<std::string()>& attempt,
                              const LookAgainLimits& limits) {
  const auto started = std::chrono::steady_clock::now();
  for (int number = 1;; ++number) {
    try {
      return attempt();
    } catch (const LookAgain&) {
      if (number == 1) log::info("a row changed under the request; looked again");
      const bool out_of_time = std::chrono::steady_clock::now() - started > limits.budget;
      if (number >= limits.max_attempts || out_of_time) {
        throw ApiError("Failed to make transaction",
                       "rows kept changing under the request; gave up after " +
                           std::to_string(number) + " attempts");
      }
      pause_before(number + 1, limits);
    }
  }
}

}  // namespace morapi::api
