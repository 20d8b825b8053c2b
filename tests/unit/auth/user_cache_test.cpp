// The worker's user cache: which `u` can name a user at all, and a memory bound in bytes.
#include "auth/user_cache.hpp"

#include <boost/test/unit_test.hpp>

using morapi::auth::User;
using morapi::auth::UserCache;
using morapi::auth::username_key;
using namespace std::chrono_literals;

namespace {

std::string repeat(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

User user_named(const std::string& name, int rights = 0) {
  User user;
  user.row.username = name;
  user.row.password_sha1 = std::string(40, 'f');
  user.row.usertype = "reseller";
  for (int i = 0; i < rights; ++i) user.row.rights["right_number_" + std::to_string(i)] = 2;
  return user;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(user_cache)

BOOST_AUTO_TEST_CASE(a_name_longer_than_the_column_names_nobody) {
  BOOST_TEST(username_key("admin", 30).value() == "admin");
  BOOST_TEST(username_key(std::string(30, 'a'), 30).value() == std::string(30, 'a'));
  BOOST_TEST(!username_key(std::string(31, 'a'), 30));
  BOOST_TEST(!username_key(std::string(60000, 'a'), 30));
  // The width is in characters: 30 two-byte or four-byte characters fit.
  BOOST_TEST(username_key(repeat("\xC3\xA9", 30), 30).value() == repeat("\xC3\xA9", 30));
  BOOST_TEST(username_key(repeat("\xF0\x9F\x98\x80", 30), 30).has_value());
  BOOST_TEST(!username_key(repeat("\xC3\xA9", 31), 30));
  // Invalid bytes cannot make a long name short: never more than 4 bytes a character.
  BOOST_TEST(!username_key(std::string(121, '\x80'), 30));
  BOOST_TEST(username_key(std::string(120, '\x80'), 30).has_value());
  // The collation pads with spaces, so trailing spaces never decide: the name without them is
  // what is looked up, however many there are.
  BOOST_TEST(username_key("admin" + std::string(60000, ' '), 30).value() == "admin");
  BOOST_TEST(username_key(std::string(30, 'a') + "  ", 30).value() == std::string(30, 'a'));
  BOOST_TEST(!username_key(std::string(31, 'a') + "  ", 30));
  BOOST_TEST(username_key(" admin", 30).value() == " admin");  // leading spaces count
  BOOST_TEST(username_key("admin\t", 30).value() == "admin\t");
  BOOST_TEST(username_key("   ", 30).value() == "");
  // A column whose width is not known limits nothing.
  BOOST_TEST(username_key(std::string(1000, 'a'), std::nullopt).value() == std::string(1000, 'a'));
}

BOOST_AUTO_TEST_CASE(hits_misses_and_expiry) {
  UserCache cache(1 << 20);
  const auto now = UserCache::Clock::now();
  BOOST_TEST(!cache.find("admin", now));
  cache.put("admin", user_named("admin"), now, 5s);
  cache.put("nobody", std::nullopt, now, 5s);
  BOOST_TEST(cache.find("admin", now)->user->row.username == "admin");
  BOOST_TEST(cache.find("nobody", now));
  BOOST_TEST(!cache.find("nobody", now)->user);
  BOOST_TEST(!cache.find("admin", now + 5s));  // expired
  cache.put("admin", std::nullopt, now, 10s);  // replaced, not added
  BOOST_TEST(cache.size() == 2u);
  BOOST_TEST(!cache.find("admin", now)->user);
}

// However many distinct names come, keys and values together stay within the budget.
BOOST_AUTO_TEST_CASE(bounded_in_bytes) {
  constexpr size_t kBudget = 64 * 1024;
  UserCache cache(kBudget);
  const auto now = UserCache::Clock::now();
  size_t largest = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::string name = std::to_string(i) + std::string(i % 3 == 0 ? 1000 : 20, 'x');
    cache.put(name, i % 2 ? std::optional<User>(user_named(name, i % 40)) : std::nullopt, now, 5s);
    BOOST_TEST_REQUIRE(cache.bytes() <= kBudget);
    largest = std::max(largest, cache.size());
  }
  BOOST_TEST(largest > 20u);  // it does cache
  BOOST_TEST(largest < 5000u);
  // Each entry's estimate covers its key and its user's strings.
  UserCache one(kBudget);
  one.put(std::string(1000, 'k'), user_named(std::string(2000, 'n'), 10), now, 5s);
  BOOST_TEST(one.bytes() > 3000u + 10 * 15);
  // An entry larger than the whole budget is not kept (and evicts nothing).
  one.put(std::string(kBudget, 'k'), std::nullopt, now, 5s);
  BOOST_TEST(one.size() == 1u);
  BOOST_TEST(!one.find(std::string(kBudget, 'k'), now));
}

// Expired entries go first; only when the live ones fill the budget does the cache start over.
BOOST_AUTO_TEST_CASE(expired_entries_make_room_first) {
  UserCache cache(4096);
  const auto now = UserCache::Clock::now();
  cache.put("live", user_named("live"), now, 60s);
  for (int i = 0; cache.bytes() < 3500; ++i) {
    cache.put("old" + std::to_string(i), std::nullopt, now, 1s);
  }
  cache.put("new" + std::string(600, 'n'), std::nullopt, now + 2s, 60s);
  BOOST_TEST(cache.find("live", now + 2s));
  BOOST_TEST(cache.size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
