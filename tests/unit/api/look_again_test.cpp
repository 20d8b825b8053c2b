#include "api/look_again.hpp"

#include <boost/test/unit_test.hpp>

#include "api/error.hpp"

using namespace morapi::api;
using Clock = std::chrono::steady_clock;

namespace {

int64_t milliseconds_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(look_again)

BOOST_AUTO_TEST_CASE(an_attempt_that_goes_through_is_the_answer) {
  int calls = 0;
  const std::string answer = run_looking_again([&] {
    if (++calls < 4) throw LookAgain{};
    return std::string("ok");
  });
  BOOST_TEST(answer == "ok");
  BOOST_TEST(calls == 4);
}

BOOST_AUTO_TEST_CASE(the_attempts_are_bounded_and_pause_a_bounded_time) {
  LookAgainLimits limits;
  limits.max_attempts = 8;
  limits.first_pause = std::chrono::microseconds(2000);
  limits.max_pause = std::chrono::microseconds(10000);
  int calls = 0;
  const auto started = Clock::now();
  try {
    run_looking_again(
        [&]() -> std::string {
          ++calls;
          throw LookAgain{};
        },
        limits);
    BOOST_ERROR("no ApiError");
  } catch (const ApiError& error) {
    BOOST_TEST(error.what() == std::string("Failed to make transaction"));
    BOOST_TEST((error.stage == ErrorStage::method));
  }
  BOOST_TEST(calls == 8);
  // Pauses of at most 2 + 4 + 8 + 10 + 10 + 10 + 10 ms.
  BOOST_TEST(milliseconds_since(started) < 54 + 200);
}

BOOST_AUTO_TEST_CASE(no_attempt_starts_after_the_budget) {
  LookAgainLimits limits;
  limits.max_attempts = 1000000;
  limits.budget = std::chrono::milliseconds(100);
  int calls = 0;
  const auto started = Clock::now();
  BOOST_CHECK_THROW(run_looking_again(
                        [&]() -> std::string {
                          ++calls;
                          throw LookAgain{};
                        },
                        limits),
                    ApiError);
  BOOST_TEST(milliseconds_since(started) < 100 + 50 + 200);
  BOOST_TEST(calls > 2);
}

BOOST_AUTO_TEST_CASE(other_errors_are_not_looked_again) {
  int calls = 0;
  BOOST_CHECK_THROW(run_looking_again([&]() -> std::string {
                      ++calls;
                      throw ApiError("Card was not found");
                    }),
                    ApiError);
  BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_SUITE_END()
