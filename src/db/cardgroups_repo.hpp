#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace morapi::db {

struct CardGroupRow {
  int64_t id = 0;
  int64_t owner_id = 0;
  int number_length = 0;
  int pin_length = 0;
  bool hidden = false;
  int64_t tax_id = 0;
  std::string currency;  // tell_balance_in_currency; "" = the system currency
};

std::optional<CardGroupRow> find_card_group(Transaction& tx, int64_t id);
// Makes batches of this PIN length take turns: locks the first card group of that length (by
// primary key) until the transaction ends. Groups of other lengths are not touched.
void take_turn_of_pin_length(Transaction& tx, int pin_length);
// The group's price as the database prints it; nothing when the group is gone.
std::optional<std::string> find_card_group_price(Transaction& tx, int64_t id);

}  // namespace morapi::db
