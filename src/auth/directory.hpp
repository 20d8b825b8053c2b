#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "auth/user.hpp"
#include "auth/user_cache.hpp"
#include "db/database.hpp"
#include "db/providers_repo.hpp"
#include "db/settings_repo.hpp"

namespace morapi::auth {

// MOR's conflines settings as the API reads them.
class Settings {
 public:
  explicit Settings(db::SettingsRows rows = {}) : rows_(std::move(rows)) {}
  // A system-wide setting (owner 0); "" when absent.
  std::string global(const std::string& name) const;
  // A per-owner setting; nothing when the row is absent.
  std::optional<std::string> of_owner(const std::string& name, int64_t owner) const;
  // A switch of owner 0, on when the integer value of its text is 1, as MOR's `to_i == 1`
  // reads it: "1", "01" and " 1" are on; "", "0", "yes" and "2" are off.
  bool global_is_one(const std::string& name) const;
  // Nice_Number_Digits, default 2.
  int money_digits() const;

 private:
  db::SettingsRows rows_;
};

// The worker's short-lived copy of settings, users and providers (SPEC §2: a change in the
// database shows on every host within cache_ttl seconds).
class Directory {
 public:
  Directory(db::Database& database, int ttl_seconds);
  const Settings& settings();
  // The user named `username` that is not blocked, or nothing. A name longer than the
  // users.username column is nobody, without a lookup (see username_key).
  std::optional<User> find_user(const std::string& username);
  // The provider row `id` (did_create reads it on every request: ×1.24 with it cached).
  std::optional<db::ProviderRow> find_provider(int64_t id);

 private:
  using Clock = UserCache::Clock;

  // users.username's width, read once per worker from information_schema (a wider column
  // takes effect when the workers are replaced, e.g. on SIGHUP).
  std::optional<size_t> username_width();

  db::Database& database_;
  Clock::duration ttl_;
  Settings settings_;
  Clock::time_point settings_expire_{};
  bool username_width_known_ = false;
  std::optional<size_t> username_width_;
  UserCache users_;
  struct CachedProvider {
    std::optional<db::ProviderRow> row;
    Clock::time_point expires;
  };
  std::map<int64_t, CachedProvider> providers_;
};

// Ruby's String#to_i: after leading white space, an optional sign, an optional "0d", and
// digits with single underscores between them; anything else ends the number (none is 0).
int64_t ruby_to_i(std::string_view text);

}  // namespace morapi::auth
