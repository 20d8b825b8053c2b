#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace morapi::db {

struct DeviceOfCli {
  int64_t device_id = 0;
  int64_t user_id = 0;  // -1: a provider's device
};

// The device holding this CLI (exact match, as SPEC §4.2 says; MOR's LIKE is not copied).
std::optional<DeviceOfCli> find_device_by_cli(Transaction& tx, const std::string& cli);

}  // namespace morapi::db
