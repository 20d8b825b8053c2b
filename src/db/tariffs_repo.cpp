#include "db/tariffs_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

bool tariff_of_owner_exists(Transaction& tx, int64_t id, int64_t owner_id) {
  auto result = tx.statement(sql_text::kCountTariffOfOwner).bind(id).bind(owner_id).query();
  return result->next() && result->getInt64(1) > 0;
}

}  // namespace morapi::db
