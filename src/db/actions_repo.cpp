#include "db/actions_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

void insert_incorrect_hash_action(Transaction& tx, std::string_view url, std::string_view client) {
  tx.statement(sql_text::kInsertErrorAction).bind(url).bind(client).update();
}

}  // namespace morapi::db
