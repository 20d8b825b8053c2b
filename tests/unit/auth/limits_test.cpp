// The abuse limits' counters (auth/limits.hpp), in this process's own table.
#include <boost/test/unit_test.hpp>

#include "auth/limits.hpp"

using namespace morapi::auth;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(delay_grows_past_the_limit_and_fades_over_a_sliding_minute) {
  const LimitSettings settings{30, 2000, 0};
  const Attempt attempt{"10.9.0.1", "victim"};
  const int64_t now = 600 * 60;
  for (int i = 1; i <= 30; ++i) BOOST_TEST(count_failure(attempt, settings, now).count() == 0);
  BOOST_TEST(count_failure(attempt, settings, now).count() == 100);
  BOOST_TEST(count_failure(attempt, settings, now + 59).count() == 200);
  for (int i = 0; i < 50; ++i) count_failure(attempt, settings, now);
  BOOST_TEST(count_failure(attempt, settings, now).count() == 2000);  // at most delay_max_ms
  // A sliding minute: the next minute still counts what is left of this one in its window.
  BOOST_TEST(count_failure(attempt, settings, now + 60).count() == 2000);
  BOOST_TEST(count_failure(attempt, settings, now + 180).count() == 0);
}

BOOST_AUTO_TEST_CASE(an_address_spraying_users_and_a_user_from_many_addresses_are_both_slowed) {
  const LimitSettings settings{5, 2000, 0};
  const int64_t now = 601 * 60;
  for (int i = 0; i < 5; ++i) {
    const std::string user = "u" + std::to_string(i);
    BOOST_TEST(count_failure(Attempt{"10.9.0.2", user}, settings, now).count() == 0);
  }
  BOOST_TEST(count_failure(Attempt{"10.9.0.2", "another"}, settings, now).count() == 100);
  for (int i = 0; i < 5; ++i) {
    const std::string address = "10.9.1." + std::to_string(i);
    BOOST_TEST(count_failure(Attempt{address, "target"}, settings, now).count() == 0);
  }
  BOOST_TEST(count_failure(Attempt{"10.9.1.99", "target"}, settings, now).count() == 100);
}

BOOST_AUTO_TEST_CASE(lockout_is_of_the_address_and_user_together_and_off_by_default) {
  const int64_t now = 602 * 60;
  const LimitSettings off{30, 0, 0};
  const LimitSettings on{30, 0, 3};
  const Attempt attacker{"10.9.2.1", "admin"};
  for (int i = 0; i < 3; ++i) {
    BOOST_TEST(!locked_out(attacker, on, now));
    BOOST_TEST(count_failure(attacker, on, now).count() == 0);  // delay_max_ms 0: never waits
  }
  BOOST_TEST(locked_out(attacker, on, now));
  BOOST_TEST(!locked_out(attacker, off, now));
  BOOST_TEST(!locked_out(Attempt{"10.9.2.2", "admin"}, on, now));  // the real user elsewhere
  BOOST_TEST(!locked_out(Attempt{"10.9.2.1", "other"}, on, now));
  BOOST_TEST(locked_out(attacker, on, now + 60));   // 3 failures 60 s ago: still in the window
  BOOST_TEST(!locked_out(attacker, on, now + 90));  // half of them
  BOOST_TEST(!locked_out(attacker, on, now + 120));
}

BOOST_AUTO_TEST_SUITE_END()
