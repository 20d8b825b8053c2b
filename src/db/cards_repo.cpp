#include "db/cards_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {
namespace {

// Statement sizes are powers of two up to this, so a worker prepares at most a dozen distinct
// INSERTs whatever the batch sizes (and stays under the 65,535 placeholders of a statement).
constexpr size_t kMaxRowsPerInsert = 1024;

const std::string& insert_text(size_t rows) {
  static std::map<size_t, std::string> texts;
  auto& text = texts[rows];
  if (text.empty()) {
    text = sql_text::kInsertCardsPrefix;
    for (size_t i = 0; i < rows; ++i) {
      if (i > 0) text += ", ";
      text += sql_text::kInsertCardsRow;
    }
  }
  return text;
}

size_t largest_power_of_two_at_most(size_t n) {
  size_t p = 1;
  while (p * 2 <= n && p * 2 <= kMaxRowsPerInsert) p *= 2;
  return p;
}

}  // namespace

std::map<std::string, std::string> cards_in_number_range(Transaction& tx, int64_t cardgroup_id,
                                                         const std::string& from,
                                                         const std::string& till) {
  auto r = tx.statement(sql_text::kSelectCardsInNumberRange)
               .bind(from)
               .bind(till)
               .bind(cardgroup_id)
               .bind(static_cast<int64_t>(from.size()))
               .query();
  std::map<std::string, std::string> cards;
  while (r->next()) cards.emplace(r->getString(1), r->getString(2));
  return cards;
}

int64_t count_pins_of_length(Transaction& tx, int pin_length) {
  const auto length = static_cast<size_t>(pin_length);
  auto r = tx.statement(sql_text::kCountPinsOfLength)
               .bind(std::string(length, '0'))
               .bind(std::string(length, '9'))
               .bind(static_cast<int64_t>(pin_length))
               .query();
  return r->next() ? r->getInt64(1) : 0;
}

void begin_card_batch(Transaction& tx, const CardBatch& batch) {
  auto set = tx.statement(sql_text::kSetCardBatch);
  set.bind(batch.cardgroup_id).bind(batch.owner_id).bind(batch.batch_number);
  set.bind(batch.min_balance).bind(batch.language).bind(batch.user_id).bind(batch.balance).update();
}

int64_t insert_cards_ignoring_duplicates(Transaction& tx, const std::vector<NewCard>& cards) {
  int64_t inserted = 0;
  for (size_t start = 0; start < cards.size();) {
    const size_t rows = largest_power_of_two_at_most(cards.size() - start);
    auto insert = tx.statement(insert_text(rows));
    for (size_t i = start; i < start + rows; ++i) insert.bind(cards[i].number).bind(cards[i].pin);
    inserted += insert.update();
    start += rows;
  }
  return inserted;
}

bool is_user_of_owner(Transaction& tx, int64_t user_id, int64_t owner_id) {
  auto r = tx.statement(sql_text::kCountUsersOfOwner).bind(user_id).bind(owner_id).query();
  return r->next() && r->getInt64(1) > 0;
}

}  // namespace morapi::db

namespace morapi::db {
namespace {

std::optional<int64_t> first_id(std::unique_ptr<sql::ResultSet> result) {
  if (!result->next()) return std::nullopt;
  return result->getInt64(1);
}

}  // namespace

std::optional<int64_t> find_card_id_by_callerid(Transaction& tx, const std::string& callerid) {
  return first_id(tx.statement(sql_text::kSelectCardIdByCallerid).bind(callerid).query());
}

std::optional<int64_t> find_card_id_by_pin(Transaction& tx, const std::string& pin, int64_t owner,
                                           int64_t except_id) {
  return first_id(
      tx.statement(sql_text::kSelectCardIdByPin).bind(pin).bind(owner).bind(except_id).query());
}

namespace {

std::optional<CardRow> card_row(std::unique_ptr<sql::ResultSet> r) {
  if (!r->next()) return std::nullopt;
  CardRow card;
  card.id = r->getInt64(1);
  card.cardgroup_id = r->getInt64(2);
  card.balance = r->getString(3);
  if (!r->isNull(4)) card.callerid = std::string(r->getString(4));
  card.pin = r->getString(5);
  card.number = r->getString(6);
  card.sold = r->getInt(7) != 0;
  return card;
}

}  // namespace

std::optional<CardRow> lock_card(Transaction& tx, int64_t id) {
  return card_row(tx.statement(sql_text::kLockCard).bind(id).query());
}

std::optional<CardRow> lock_card_with_callerid(Transaction& tx, int64_t id,
                                               const std::string& callerid) {
  return card_row(tx.statement(sql_text::kLockCardWithCallerid).bind(id).bind(callerid).query());
}

std::optional<CardRow> lock_card_with_pin(Transaction& tx, int64_t id, const std::string& pin) {
  return card_row(tx.statement(sql_text::kLockCardWithPin).bind(id).bind(pin).query());
}

void add_to_card_balance(Transaction& tx, int64_t id, const std::string& amount) {
  tx.statement(sql_text::kAddToCardBalance).bind(amount).bind(id).update();
}

void release_card(Transaction& tx, int64_t id, const std::string& amount) {
  tx.statement(sql_text::kReleaseCard).bind(amount).bind(id).update();
}

bool sell_card_to_callerid(Transaction& tx, int64_t id, const std::string& callerid) {
  try {
    tx.statement(sql_text::kSellCardToCallerid).bind(callerid).bind(id).update();
    return true;
  } catch (const sql::SQLException& error) {
    if (is_duplicate_key(error)) return false;
    throw;
  }
}

std::optional<int64_t> insert_sold_card(Transaction& tx, int64_t cardgroup_id, int64_t owner_id,
                                        const NewCard& card, const std::string& balance,
                                        const std::string& callerid) {
  try {
    tx.statement(sql_text::kInsertSoldCard)
        .bind(cardgroup_id)
        .bind(card.number)
        .bind(card.pin)
        .bind(owner_id)
        .bind(balance)
        .bind(callerid)
        .update();
  } catch (const sql::SQLException& error) {
    if (is_duplicate_key(error)) return std::nullopt;
    throw;
  }
  return tx.last_insert_id();
}

}  // namespace morapi::db
