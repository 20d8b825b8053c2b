#include "auth/user_cache.hpp"

#include "util/utf8.hpp"

namespace morapi::auth {
namespace {

constexpr size_t kMaxBytesPerCharacter = 4;
// What a node of the map and of a rights map cost beyond their text (pointers, hash, sizes,
// allocator headers), rounded up.
constexpr size_t kEntryOverhead = sizeof(std::pair<const std::string, UserCache::Entry>) + 64;
constexpr size_t kRightOverhead = sizeof(std::pair<const std::string, int>) + 48;

// The heap an entry holds, estimated from above.
size_t footprint(const std::string& name, const std::optional<User>& user) {
  size_t bytes = kEntryOverhead + name.capacity();
  if (!user) return bytes;
  const db::UserRow& row = user->row;
  bytes += row.username.capacity() + row.password_sha1.capacity() + row.usertype.capacity();
  for (const auto& [right, value] : row.rights) bytes += kRightOverhead + right.capacity();
  return bytes;
}

}  // namespace

std::optional<std::string_view> username_key(std::string_view u, std::optional<size_t> width) {
  while (!u.empty() && u.back() == ' ') u.remove_suffix(1);
  if (width && (u.size() > *width * kMaxBytesPerCharacter || utf8_length(u) > *width)) {
    return std::nullopt;
  }
  return u;
}

const UserCache::Entry* UserCache::find(const std::string& name, Clock::time_point now) const {
  const auto it = entries_.find(name);
  return it != entries_.end() && now < it->second.expires ? &it->second : nullptr;
}

void UserCache::put(std::string name, std::optional<User> user, Clock::time_point now,
                    Clock::duration ttl) {
  if (const auto old = entries_.find(name); old != entries_.end()) {
    bytes_ -= old->second.bytes;
    entries_.erase(old);
  }
  const size_t bytes = footprint(name, user);
  if (bytes > max_bytes_) return;
  if (bytes_ + bytes > max_bytes_) erase_expired(now);
  if (bytes_ + bytes > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  bytes_ += bytes;
  entries_.emplace(std::move(name), Entry{std::move(user), now + ttl, bytes});
}

void UserCache::erase_expired(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (now < it->second.expires) {
      ++it;
      continue;
    }
    bytes_ -= it->second.bytes;
    it = entries_.erase(it);
  }
}

}  // namespace morapi::auth
