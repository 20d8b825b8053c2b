#include "db/providers_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

std::optional<ProviderRow> find_provider(Transaction& tx, int64_t id) {
  auto result = tx.statement(sql_text::kSelectProvider).bind(id).query();
  if (!result->next()) return std::nullopt;
  return ProviderRow{result->getInt64(1), result->getInt64(2), result->getInt(3) != 0};
}

}  // namespace morapi::db
