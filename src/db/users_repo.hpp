#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace morapi::db {

struct UserRow {
  int64_t id = 0;
  std::string username;
  std::string password_sha1;
  std::string usertype;
  int64_t owner_id = 0;
  int64_t acc_group_id = 0;
  int64_t tax_id = 0;
  std::map<std::string, int, std::less<>> rights;  // acc_rights.name -> 0/1/2
};

// A user that is not blocked, with the rights of its acc_group.
std::optional<UserRow> find_user(Transaction& tx, std::string_view username);
// The width of users.username in characters, as information_schema tells it; nothing when it
// does not (no such column, or a type without a length).
std::optional<int64_t> username_width(Transaction& tx);

}  // namespace morapi::db

namespace morapi::db {

// A user whose balance may change: locked until the transaction ends.
struct LockedUser {
  int64_t id = 0;
  std::string balance;
  int64_t owner_id = 0;
  int64_t tax_id = 0;
  std::string first_name;
  std::string last_name;
};

std::optional<LockedUser> lock_user(Transaction& tx, int64_t id);
void add_to_user_balance(Transaction& tx, int64_t id, const std::string& amount);
std::string user_balance(Transaction& tx, int64_t id);

}  // namespace morapi::db
