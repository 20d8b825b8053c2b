#include "db/dids_repo.hpp"

#include <cppconn/exception.h>

#include "db/sql.hpp"

namespace morapi::db {
bool did_number_exists(Transaction& tx, const std::string& did) {
  return tx.statement(sql_text::kSelectDidIdByNumber).bind(did).query()->next();
}

DidNumberLookup look_up_did_number(Transaction& tx, const std::string& did) {
  RequestScope* scope = tx.scope();
  const auto copy = scope ? scope->earlier_copy() : std::nullopt;
  if (!copy) return {did_number_exists(tx, did), std::nullopt};
  auto r = tx.statement(sql_text::kSelectDidAndEarlierAnswer)
               .bind(did)
               .bind(copy->user_id)
               .bind(copy->nginx_request_id)
               .bind(copy->fingerprint)
               .query();
  DidNumberLookup lookup;
  if (r->next()) {
    lookup.exists = r->getInt(1) != 0;
    if (!r->isNull(2)) lookup.earlier_answer = r->getString(2);
  }
  if (lookup.exists && !lookup.earlier_answer) scope->earlier_copy_absent();
  return lookup;
}

std::optional<int64_t> insert_did_with_rates(Transaction& tx, const NewDid& did) {
  auto insert = tx.statement(sql_text::kInsertDid);
  insert.bind(did.did).bind(did.provider_id).bind(did.reseller_id);
  insert.bind(did.comment);
  insert.bind(did.reseller_comment);
  insert.bind(did.custom_sip_header);
  try {
    insert.update();
  } catch (const sql::SQLException& error) {
    if (is_duplicate_key(error)) return std::nullopt;
    throw;
  }
  const int64_t id = tx.last_insert_id();
  tx.statement(sql_text::kInsertDidRates).bind(id).bind(id).bind(id).update();
  return id;
}

std::optional<DidRow> lock_did(Transaction& tx, int64_t id) {
  auto result = tx.statement(sql_text::kSelectDidForUpdate).bind(id).query();
  if (!result->next()) return std::nullopt;
  return DidRow{result->getInt64(1), result->getInt64(2)};
}

int64_t count_did_rates(Transaction& tx, int64_t did_id) {
  auto result = tx.statement(sql_text::kCountDidRates).bind(did_id).query();
  return result->next() ? result->getInt64(1) : 0;
}

void update_did_rates_details(Transaction& tx, int64_t did_id, const DidRatesDetails& details) {
  auto update = tx.statement(sql_text::kUpdateDidRatesDetails);
  update.bind(details.provider_tariff_id);
  update.bind(details.allow_call_reject_provider);
  update.bind(details.owner_tariff_id);
  update.bind(details.allow_call_reject);
  update.bind(did_id).update();
}

}  // namespace morapi::db
