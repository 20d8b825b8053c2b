#pragma once
#include <cstdint>

#include "db/database.hpp"

namespace morapi::db {

// A tariff of any purpose owned by `owner_id`.
bool tariff_of_owner_exists(Transaction& tx, int64_t id, int64_t owner_id);

}  // namespace morapi::db
