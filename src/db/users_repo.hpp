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

}  // namespace morapi::db
