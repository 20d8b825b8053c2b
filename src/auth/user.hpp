#pragma once
#include <cstdint>
#include <string_view>

#include "db/users_repo.hpp"

namespace morapi::auth {

enum class Role { admin, reseller, accountant, user };

// A caller as MOR sees it: a role, an owner, and the rights of its acc_group.
struct User {
  db::UserRow row;
  Role role = Role::user;

  int64_t id() const { return row.id; }
  // 0 none, 1 read, 2 write (MOR's acc_group_rights.value).
  int right(std::string_view name) const;
  bool can_write(std::string_view name) const { return right(name) >= 2; }
  // Calling cards: resellers need `calling_cards`, accountants `callingcard_manage`, both with
  // write access; the admin needs no right.
  bool has_card_rights() const;
  // `password` hashes to the stored SHA1 (compared in constant time, any case stored).
  bool password_is(std::string_view password) const;
  // The owner whose objects the caller manages: admin and accountants act for owner 0.
  int64_t scope_owner() const;
  // The owner whose API_Secret_Key and API_Disable_hash_checking apply (MOR's rule).
  int64_t secret_owner() const;
};

Role role_of(std::string_view usertype);
User make_user(db::UserRow row);

}  // namespace morapi::auth
