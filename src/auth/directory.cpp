#include "auth/directory.hpp"

#include <cctype>

namespace morapi::auth {
namespace {

// Bounds the user cache, keys and values, when clients send many distinct (or random) names:
// some thousands of users.
constexpr size_t kMaxCachedUserBytes = 1 << 20;
// Bounds the provider cache when clients ask for many distinct (or random) ids: emptied when full.
constexpr size_t kMaxCachedProviders = 4096;

}  // namespace

int64_t ruby_to_i(std::string_view text) {
  const auto digit = [&](size_t i) {
    return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
  };
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  // Ruby takes "0d" as the prefix of a decimal literal.
  if (i + 1 < text.size() && text[i] == '0' && (text[i + 1] == 'd' || text[i + 1] == 'D') &&
      digit(i + 2)) {
    i += 2;
  }
  int64_t value = 0;
  while (digit(i)) {
    const int d = text[i] - '0';
    value = value > (INT64_MAX - d) / 10 ? INT64_MAX : value * 10 + d;  // saturate, never wrap
    ++i;
    // One underscore between two digits is a separator ("1_000").
    if (i < text.size() && text[i] == '_' && digit(i + 1)) ++i;
  }
  return negative ? -value : value;
}

bool Settings::global_is_one(const std::string& name) const {
  return ruby_to_i(global(name)) == 1;
}

std::string Settings::global(const std::string& name) const {
  return of_owner(name, 0).value_or("");
}

std::optional<std::string> Settings::of_owner(const std::string& name, int64_t owner) const {
  return rows_.find(name, owner);
}

int Settings::money_digits() const {
  const std::string text = global("Nice_Number_Digits");
  if (text.empty()) return 2;
  const int64_t digits = ruby_to_i(text);
  return digits < 0 ? 0 : digits > 15 ? 15 : static_cast<int>(digits);
}

Directory::Directory(db::Database& database, int ttl_seconds)
    : database_(database), ttl_(std::chrono::seconds(ttl_seconds)), users_(kMaxCachedUserBytes) {}

const Settings& Directory::settings() {
  const auto now = Clock::now();
  if (now >= settings_expire_) {
    settings_ = Settings(database_.read(db::load_settings));
    settings_expire_ = now + ttl_;
  }
  return settings_;
}

std::optional<size_t> Directory::username_width() {
  if (!username_width_known_) {
    const auto width = database_.read(db::username_width);
    if (width && *width > 0) username_width_ = static_cast<size_t>(*width);
    username_width_known_ = true;
  }
  return username_width_;
}

std::optional<User> Directory::find_user(const std::string& username) {
  const auto key = username_key(username, username_width());
  if (!key) return std::nullopt;
  const std::string name(*key);
  const auto now = Clock::now();
  if (const auto* cached = users_.find(name, now)) return cached->user;
  auto row = database_.read([&](db::Transaction& tx) { return db::find_user(tx, name); });
  std::optional<User> user;
  if (row) user = make_user(std::move(*row));
  if (ttl_ > Clock::duration::zero()) users_.put(name, user, now, ttl_);
  return user;
}

std::optional<db::ProviderRow> Directory::find_provider(int64_t id) {
  const auto now = Clock::now();
  if (const auto found = providers_.find(id); found != providers_.end()) {
    if (now < found->second.expires) return found->second.row;
    providers_.erase(found);
  }
  auto row = database_.read([&](db::Transaction& tx) { return db::find_provider(tx, id); });
  if (ttl_ > Clock::duration::zero()) {
    if (providers_.size() >= kMaxCachedProviders) providers_.clear();
    providers_[id] = {row, now + ttl_};
  }
  return row;
}

}  // namespace morapi::auth
