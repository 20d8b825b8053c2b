#include "db/cardgroups_repo.hpp"

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

void lock_card_groups_with_pin_length(Transaction& tx, int pin_length) {
  auto r = tx.statement(sql_text::kLockCardGroupsOfPinLength).bind(pin_length).query();
  while (r->next()) {
  }
}

std::optional<std::string> find_card_group_price(Transaction& tx, int64_t id) {
  auto r = tx.statement(sql_text::kSelectCardGroupPrice).bind(id).query();
  if (!r->next()) return std::nullopt;
  return std::string(r->getString(1));
}

}  // namespace morapi::db
