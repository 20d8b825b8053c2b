#pragma once
#include <cstdint>
#include <string>

#include "db/database.hpp"

// The rows MOR's own reports read for every money movement: `payments` and `actions`.
namespace morapi::db {

struct UserPayment {
  int64_t user_id = 0;
  int64_t owner_id = 0;
  std::string first_name;
  std::string last_name;
  std::string amount;  // the balance change
  std::string currency;
};

struct CardPayment {
  int64_t card_id = 0;
  int64_t owner_id = 0;  // the card group's owner
  std::string amount;    // the balance change
  std::string tax;       // VAT on that change
  std::string currency;
};

// paymenttype 'card_refill' (a user's balance); returns the payment id.
int64_t insert_user_payment(Transaction& tx, const UserPayment& payment);
// paymenttype 'Card', card = 1, user_id = the card id (as MOR sets it); returns the payment id.
int64_t insert_card_payment(Transaction& tx, const CardPayment& payment);
// 'Added to cards balance', target the card; `shown` is the change as MOR formats it.
void insert_card_balance_action(Transaction& tx, int64_t caller_id, int64_t card_id,
                                const std::string& shown);
// 'card_payment_created' for a card sold with a payment.
void insert_card_payment_action(Transaction& tx, int64_t caller_id, int64_t card_id,
                                int64_t payment_id, const std::string& amount,
                                const std::string& currency);

}  // namespace morapi::db
