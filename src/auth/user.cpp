#include "auth/user.hpp"

#include <algorithm>

#include "auth/digest.hpp"

namespace morapi::auth {

int User::right(std::string_view name) const {
  const auto it = row.rights.find(name);
  return it == row.rights.end() ? 0 : it->second;
}

bool User::has_card_rights() const {
  if (role == Role::reseller) return can_write("calling_cards");
  if (role == Role::accountant) return can_write("callingcard_manage");
  return true;
}

bool User::password_is(std::string_view password) const {
  std::string stored = row.password_sha1;
  std::transform(stored.begin(), stored.end(), stored.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return constant_time_equal(sha1_hex(password), stored);
}

int64_t User::scope_owner() const {
  return role == Role::admin || role == Role::accountant ? 0 : row.id;
}

int64_t User::secret_owner() const {
  switch (role) {
    case Role::reseller:
      return row.id;
    case Role::user:
      return row.owner_id;
    default:
      return 0;
  }
}

Role role_of(std::string_view usertype) {
  if (usertype == "admin") return Role::admin;
  if (usertype == "reseller") return Role::reseller;
  if (usertype == "accountant") return Role::accountant;
  return Role::user;  // anything unknown gets the least rights
}

User make_user(db::UserRow row) {
  User user;
  user.role = role_of(row.usertype);
  user.row = std::move(row);
  return user;
}

}  // namespace morapi::auth
