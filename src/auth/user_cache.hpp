#pragma once
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/user.hpp"

namespace morapi::auth {

// What `u` is looked up as, or nothing when it cannot name a user: longer than the
// users.username column (`width` characters; each at most 4 bytes, so invalid bytes cannot make
// a long name short). Trailing spaces are dropped first: the collations of a MOR database pad
// with spaces, so "admin   " is the user admin there, however many spaces follow. Without a known
// width nothing is refused.
std::optional<std::string_view> username_key(std::string_view u, std::optional<size_t> width);

// Users by username for a few seconds, unknown names included, bounded in bytes (keys and
// values), so that no stream of distinct names grows a worker beyond the budget.
class UserCache {
 public:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    std::optional<User> user;  // nothing: no such user (cached too)
    Clock::time_point expires;
    size_t bytes = 0;
  };

  explicit UserCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  // The entry for `name`, while it is fresh.
  const Entry* find(const std::string& name, Clock::time_point now) const;
  // Makes room by dropping expired entries, then, when the live ones still fill the budget, all
  // of them; an entry larger than the whole budget is not kept.
  void put(std::string name, std::optional<User> user, Clock::time_point now, Clock::duration ttl);
  size_t bytes() const { return bytes_; }
  size_t size() const { return entries_.size(); }

 private:
  void erase_expired(Clock::time_point now);

  size_t max_bytes_;
  size_t bytes_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace morapi::auth
