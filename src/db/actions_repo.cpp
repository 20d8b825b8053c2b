#include "db/actions_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

void insert_error_action(Transaction& tx, std::string_view what, std::string_view url,
                         std::string_view client) {
  tx.statement(sql_text::kInsertErrorAction).bind(what).bind(url).bind(client).update();
}

}  // namespace morapi::db
