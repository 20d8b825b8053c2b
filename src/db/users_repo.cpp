#include "db/users_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

std::optional<UserRow> find_user(Transaction& tx, std::string_view username) {
  auto result = tx.statement(sql_text::kSelectUserByUsername).bind(username).query();
  if (!result->next()) return std::nullopt;
  UserRow user;
  user.id = result->getInt64(1);
  user.username = result->getString(2);
  user.password_sha1 = result->getString(3);
  user.usertype = result->getString(4);
  user.owner_id = result->getInt64(5);
  user.acc_group_id = result->getInt64(6);
  user.tax_id = result->getInt64(7);
  if (user.acc_group_id != 0) {
    auto rights = tx.statement(sql_text::kSelectRightsOfGroup).bind(user.acc_group_id).query();
    while (rights->next()) user.rights[std::string(rights->getString(1))] = rights->getInt(2);
  }
  return user;
}

std::optional<int64_t> username_width(Transaction& tx) {
  auto result = tx.statement(sql_text::kSelectUsernameWidth).query();
  if (!result->next() || result->isNull(1)) return std::nullopt;
  return result->getInt64(1);
}

}  // namespace morapi::db

namespace morapi::db {

std::optional<LockedUser> lock_user(Transaction& tx, int64_t id) {
  auto r = tx.statement(sql_text::kLockUser).bind(id).query();
  if (!r->next()) return std::nullopt;
  return LockedUser{r->getInt64(1), r->getString(2), r->getInt64(3),
                    r->getInt64(4), r->getString(5), r->getString(6)};
}

void add_to_user_balance(Transaction& tx, int64_t id, const std::string& amount) {
  tx.statement(sql_text::kAddToUserBalance).bind(amount).bind(id).update();
}

std::string user_balance(Transaction& tx, int64_t id) {
  auto r = tx.statement(sql_text::kSelectUserBalance).bind(id).query();
  return r->next() ? std::string(r->getString(1)) : "0";
}

}  // namespace morapi::db
