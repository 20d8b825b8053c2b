#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace morapi::db {

// What every card of a calling_cards_create batch shares.
struct CardBatch {
  int64_t cardgroup_id = 0;
  int64_t owner_id = 0;
  std::optional<std::string> batch_number;
  std::string min_balance = "0";
  std::string language = "en";
  int64_t user_id = -1;       // the distributor
  std::string balance = "0";  // the group's price: a card carries its face value
};

struct NewCard {
  std::string number;
  std::string pin;
};

// Cards of a group whose numbers lie in [from, till] (same width): number -> pin.
std::map<std::string, std::string> cards_in_number_range(Transaction& tx, int64_t cardgroup_id,
                                                         const std::string& from,
                                                         const std::string& till);
int64_t count_pins_of_length(Transaction& tx, int pin_length);
// Sets what the cards of the batch share, for the inserts that follow in this transaction.
void begin_card_batch(Transaction& tx, const CardBatch& batch);
// Inserts the cards that do not collide with an existing number or PIN, in multi-row
// statements; returns how many went in.
int64_t insert_cards_ignoring_duplicates(Transaction& tx, const std::vector<NewCard>& cards);
bool is_user_of_owner(Transaction& tx, int64_t user_id, int64_t owner_id);

}  // namespace morapi::db

namespace morapi::db {

struct CardRow {
  int64_t id = 0;
  int64_t cardgroup_id = 0;
  std::string balance;
  std::optional<std::string> callerid;
  std::string pin;
  std::string number;
  bool sold = false;
};

std::optional<int64_t> find_card_id_by_callerid(Transaction& tx, const std::string& callerid);
// A card with this PIN in a shown card group of `owner`, other than `except_id`.
std::optional<int64_t> find_card_id_by_pin(Transaction& tx, const std::string& pin, int64_t owner,
                                           int64_t except_id);
// The card, locked until the transaction ends.
std::optional<CardRow> lock_card(Transaction& tx, int64_t id);
// The same, but only while the card still has this caller ID or PIN as the database compares
// them; nothing when it changed meanwhile.
std::optional<CardRow> lock_card_with_callerid(Transaction& tx, int64_t id,
                                               const std::string& callerid);
std::optional<CardRow> lock_card_with_pin(Transaction& tx, int64_t id, const std::string& pin);
void add_to_card_balance(Transaction& tx, int64_t id, const std::string& amount);
// Adds `amount` (minus its balance), unsells it and takes its caller ID away.
void release_card(Transaction& tx, int64_t id, const std::string& amount);
// False when another card has this caller ID (the unique key).
bool sell_card_to_callerid(Transaction& tx, int64_t id, const std::string& callerid);
// A new sold card with this caller ID and balance; nothing when the number, PIN or caller ID
// is taken (the unique keys).
std::optional<int64_t> insert_sold_card(Transaction& tx, int64_t cardgroup_id, int64_t owner_id,
                                        const NewCard& card, const std::string& balance,
                                        const std::string& callerid);

}  // namespace morapi::db
