#include "db/settings_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

std::optional<std::string> SettingsRows::find(const std::string& name, int64_t owner) const {
  const auto it = values.find(std::make_pair(name, owner));
  if (it == values.end()) return std::nullopt;
  return it->second;
}

SettingsRows load_settings(Transaction& tx) {
  SettingsRows rows;
  auto result = tx.statement(sql_text::kSelectSettings).query();
  while (result->next()) {
    // emplace keeps the first row of a duplicated (name, owner).
    rows.values.emplace(std::make_pair(std::string(result->getString(1)), result->getInt64(3)),
                        result->isNull(2) ? std::string() : std::string(result->getString(2)));
  }
  return rows;
}

}  // namespace morapi::db
