#pragma once
#include <string_view>

#include "db/database.hpp"

namespace morapi::db {

// MOR's `actions` row for a request whose hash was wrong: `what` is "API : Incorrect hash" (or
// morapi's "API : Incorrect signature", "API : Strong signature required").
void insert_error_action(Transaction& tx, std::string_view what, std::string_view url,
                         std::string_view client);

}  // namespace morapi::db
