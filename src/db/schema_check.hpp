#pragma once
#include <string>
#include <vector>

#include "db/database.hpp"

namespace morapi::db {

// What morapi needs beyond MOR's own schema (sql/upgrade.sql adds it), that this database lacks:
// "cards unique (pin)", "column dids.owner_tariff_id", ... Empty when everything is there.
std::vector<std::string> missing_schema(Transaction& tx);

}  // namespace morapi::db
