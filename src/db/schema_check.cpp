#include "db/schema_check.hpp"

#include <set>
#include <utility>

#include "db/sql.hpp"

namespace morapi::db {
namespace {

// The unique keys by table and columns: any name will do, sql/upgrade.sql's or the operator's.
const std::pair<const char*, const char*> kUniqueKeys[] = {
    {"cards", "cardgroup_id,number"},
    {"cards", "pin"},
    // Not callerid alone: that takes MOR's '' for "none" once only (sql/upgrade.sql explains).
    {"cards", "callerid,morapi_has_callerid"},
    {"callerids", "cli"},
    {"dids", "did"},
    {"morapi_requests", "id"},
    {"morapi_requests", "user_id,request_key"},
    {"morapi_requests", "nginx_request_id,user_id,fingerprint"},
    {"morapi_nonces", "owner_id,nonce"},
};

const std::pair<const char*, const char*> kColumns[] = {
    {"cards", "batch_number"},
    {"dids", "provider_tariff_id"},
    {"dids", "allow_call_reject_provider"},
    {"dids", "owner_tariff_id"},
    {"dids", "allow_call_reject"},
    {"dids", "custom_sip_header"},
    {"dids", "reseller_comment"},
};

std::set<std::pair<std::string, std::string>> pairs(std::unique_ptr<sql::ResultSet> result) {
  std::set<std::pair<std::string, std::string>> found;
  while (result->next()) found.emplace(result->getString(1), result->getString(2));
  return found;
}

}  // namespace

std::vector<std::string> missing_schema(Transaction& tx) {
  const auto keys = pairs(tx.statement(sql_text::kSelectUniqueKeys).query());
  const auto columns = pairs(tx.statement(sql_text::kSelectAddedColumns).query());
  std::vector<std::string> missing;
  for (const auto& [table, key] : kUniqueKeys) {
    if (!keys.count({table, key})) missing.push_back(std::string(table) + " unique (" + key + ")");
  }
  for (const auto& [table, column] : kColumns) {
    if (!columns.count({table, column})) {
      missing.push_back("column " + std::string(table) + "." + column);
    }
  }
  return missing;
}

}  // namespace morapi::db
