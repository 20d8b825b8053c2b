#pragma once
#include <string_view>

#include "db/database.hpp"

namespace morapi::db {

// MOR's `actions` row for a request whose hash was wrong.
void insert_incorrect_hash_action(Transaction& tx, std::string_view url, std::string_view client);

}  // namespace morapi::db
