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

}  // namespace morapi::db
