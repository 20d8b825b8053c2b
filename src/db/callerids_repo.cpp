#include "db/callerids_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

std::optional<DeviceOfCli> find_device_by_cli(Transaction& tx, const std::string& cli) {
  auto r = tx.statement(sql_text::kSelectDeviceByCli).bind(cli).query();
  if (!r->next()) return std::nullopt;
  return DeviceOfCli{r->getInt64(1), r->getInt64(2)};
}

bool lock_cli_on_device(Transaction& tx, const std::string& cli, const DeviceOfCli& device) {
  auto statement = tx.statement(sql_text::kLockCliOnDeviceOfUser);
  return statement.bind(cli).bind(device.device_id).bind(device.user_id).query()->next();
}

}  // namespace morapi::db

namespace morapi::db {

std::optional<DeviceOwners> find_device_owners(Transaction& tx, int64_t device_id) {
  auto r = tx.statement(sql_text::kSelectDeviceOwners).bind(device_id).query();
  if (!r->next()) return std::nullopt;
  DeviceOwners owners;
  owners.device_id = r->getInt64(1);
  owners.user_id = r->getInt64(2);
  owners.user_owner_id = r->getInt64(3);
  owners.owner_is_reseller = !r->isNull(4) && std::string(r->getString(4)) == "reseller";
  owners.owner_owner_id = r->isNull(5) ? -1 : r->getInt64(5);
  return owners;
}

bool ivr_of_user_exists(Transaction& tx, int64_t ivr_id, int64_t user_id) {
  auto r = tx.statement(sql_text::kCountIvrOfUser).bind(ivr_id).bind(user_id).query();
  return r->next() && r->getInt64(1) > 0;
}

std::optional<std::string> cli_holder(Transaction& tx, const std::string& cli) {
  auto r = tx.statement(sql_text::kSelectCliHolder).bind(cli).query();
  if (!r->next()) return std::nullopt;
  return std::string(r->getString(1));
}

bool insert_callerid(Transaction& tx, const NewCallerid& c) {
  auto insert = tx.statement(sql_text::kInsertCallerid);
  insert.bind(c.cli).bind(c.device_id).bind(c.description).bind(c.comment).bind(c.banned);
  insert.bind(c.ivr_id);
  try {
    insert.update();
    return true;
  } catch (const sql::SQLException& error) {
    if (is_duplicate_key(error)) return false;
    throw;
  }
}

}  // namespace morapi::db
