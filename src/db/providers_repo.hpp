#pragma once
#include <cstdint>
#include <optional>

#include "db/database.hpp"

namespace morapi::db {

struct ProviderRow {
  int64_t id = 0;
  int64_t user_id = 0;  // the owner
  bool hidden = false;
};

std::optional<ProviderRow> find_provider(Transaction& tx, int64_t id);

}  // namespace morapi::db
