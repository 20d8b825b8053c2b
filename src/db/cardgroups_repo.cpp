#include "db/cardgroups_repo.hpp"

#include <stdexcept>

#include "db/sql.hpp"

namespace morapi::db {

std::optional<CardGroupRow> find_card_group(Transaction& tx, int64_t id) {
  auto r = tx.statement(sql_text::kSelectCardGroup).bind(id).query();
  if (!r->next()) return std::nullopt;
  return CardGroupRow{r->getInt64(1),
                      r->getInt64(2),
                      r->getInt(3),
                      r->getInt(4),
                      r->getInt(5) != 0,
                      r->getInt64(6),
                      std::string(r->getString(7))};
}

namespace {

std::optional<int64_t> first_card_group_of_pin_length(Transaction& tx, int pin_length) {
  auto r = tx.statement(sql_text::kSelectFirstCardGroupOfPinLength).bind(pin_length).query();
  if (!r->next() || r->isNull(1)) return std::nullopt;
  return r->getInt64(1);
}

}  // namespace

void take_turn_of_pin_length(Transaction& tx, int pin_length) {
  // READ COMMITTED: each read sees the latest commit. The lock holds once the group locked is
  // still the first of its length (none was changed to or from that length meanwhile).
  constexpr int kAttempts = 10;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const auto first = first_card_group_of_pin_length(tx, pin_length);
    if (!first) return;
    const bool locked = tx.statement(sql_text::kLockCardGroupOfPinLength)
                            .bind(*first)
                            .bind(pin_length)
                            .query()
                            ->next();
    if (locked && first_card_group_of_pin_length(tx, pin_length) == first) return;
  }
  throw std::runtime_error("the card groups of PIN length " + std::to_string(pin_length) +
                           " kept changing");
}

std::optional<std::string> find_card_group_price(Transaction& tx, int64_t id) {
  auto r = tx.statement(sql_text::kSelectCardGroupPrice).bind(id).query();
  if (!r->next()) return std::nullopt;
  return std::string(r->getString(1));
}

}  // namespace morapi::db
