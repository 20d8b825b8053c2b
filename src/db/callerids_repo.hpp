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
// True while the CLI is still on this device of this user; it stays there until the transaction
// ends.
bool lock_cli_on_device(Transaction& tx, const std::string& cli, const DeviceOfCli& device);

}  // namespace morapi::db

namespace morapi::db {

struct DeviceOwners {
  int64_t device_id = 0;
  int64_t user_id = 0;
  int64_t user_owner_id = 0;
  bool owner_is_reseller = false;
  int64_t owner_owner_id = 0;  // the reseller's owner, when the user's owner is a reseller
};

struct NewCallerid {
  std::string cli;
  int64_t device_id = 0;
  std::optional<std::string> description;
  std::string comment;
  int banned = 0;
  int64_t ivr_id = 0;
};

// The device and the chain of owners above its user; nothing when there is no such device or
// it has no user (a provider's device).
std::optional<DeviceOwners> find_device_owners(Transaction& tx, int64_t device_id);
bool ivr_of_user_exists(Transaction& tx, int64_t ivr_id, int64_t user_id);
// The username of whoever holds the CLI ("" when the device has no user); nothing when free.
std::optional<std::string> cli_holder(Transaction& tx, const std::string& cli);
// False when the CLI exists (the unique key decided a race).
bool insert_callerid(Transaction& tx, const NewCallerid& callerid);

}  // namespace morapi::db
