#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "db/database.hpp"

namespace morapi::db {

// The conflines rows morapi reads, keyed by (name, owner_id); the first row by id wins, as in
// MOR's `Confline.where(...).first`.
struct SettingsRows {
  std::map<std::pair<std::string, int64_t>, std::string, std::less<>> values;
  std::optional<std::string> find(const std::string& name, int64_t owner) const;
};

SettingsRows load_settings(Transaction& tx);

}  // namespace morapi::db
