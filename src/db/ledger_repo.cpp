#include "db/ledger_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {

int64_t insert_user_payment(Transaction& tx, const UserPayment& p) {
  tx.statement(sql_text::kInsertPayment)
      .bind("card_refill")
      .bind(p.amount)
      .bind(p.currency)
      .bind("0")
      .bind(p.user_id)
      .bind(p.owner_id)
      .bind(0)
      .bind(p.first_name)
      .bind(p.last_name)
      .update();
  return tx.last_insert_id();
}

int64_t insert_card_payment(Transaction& tx, const CardPayment& p) {
  tx.statement(sql_text::kInsertPayment)
      .bind("Card")
      .bind(p.amount)
      .bind(p.currency)
      .bind(p.tax)
      .bind(p.card_id)
      .bind(p.owner_id)
      .bind(1)
      .bind_null()
      .bind_null()
      .update();
  return tx.last_insert_id();
}

void insert_card_balance_action(Transaction& tx, int64_t caller_id, int64_t card_id,
                                const std::string& shown) {
  tx.statement(sql_text::kInsertCardBalanceAction)
      .bind(caller_id)
      .bind(shown)
      .bind(card_id)
      .update();
}

void insert_card_payment_action(Transaction& tx, int64_t caller_id, int64_t card_id,
                                int64_t payment_id, const std::string& amount,
                                const std::string& currency) {
  tx.statement(sql_text::kInsertCardPaymentAction)
      .bind(caller_id)
      .bind(std::to_string(card_id))
      .bind(amount)
      .bind(currency)
      .bind(payment_id)
      .update();
}

}  // namespace morapi::db
