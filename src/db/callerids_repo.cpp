#include "db/callerids_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

std::optional<DeviceOfCli> find_device_by_cli(Transaction& tx, const std::string& cli) {
  auto r = tx.statement(sql_text::kSelectDeviceByCli).bind(cli).query();
  if (!r->next()) return std::nullopt;
  return DeviceOfCli{r->getInt64(1), r->getInt64(2)};
}

}  // namespace morapi::db
