#include "db/request_ledger_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {
namespace {

std::optional<StoredAnswer> stored_answer(std::unique_ptr<sql::ResultSet> result) {
  if (!result->next()) return std::nullopt;
  return StoredAnswer{result->getString(1), result->getString(2)};
}

}  // namespace

void insert_ledger_row(Transaction& tx, const LedgerRow& row) {
  tx.statement(sql_text::kInsertLedgerRow)
      .bind(row.id)
      .bind(row.user_id)
      .bind(row.method)
      .bind(row.fingerprint)
      .bind(row.lifetime_seconds)
      .update();
}

std::optional<int> set_ledger_answer(Transaction& tx, const LedgerRow& row,
                                     const std::string& answer) {
  try {
    return tx.statement(sql_text::kSetLedgerAnswer)
        .bind(row.request_key)
        .bind(row.nginx_request_id)
        .bind(answer)
        .bind(row.id)
        .update();
  } catch (const sql::SQLException& error) {
    if (is_duplicate_key(error)) return std::nullopt;
    throw;
  }
}

std::optional<std::string> find_committed_answer(Transaction& tx, const std::string& id) {
  auto result = tx.statement(sql_text::kSelectLedgerAnswerLocked).bind(id).query();
  if (!result->next()) return std::nullopt;
  return std::string(result->getString(1));
}

std::optional<StoredAnswer> find_answer_by_key(Transaction& tx, int64_t user_id,
                                               const std::string& key, Lookup lookup) {
  const auto text =
      lookup == Lookup::waiting ? sql_text::kSelectLedgerByKeyLocked : sql_text::kSelectLedgerByKey;
  return stored_answer(tx.statement(text).bind(user_id).bind(key).query());
}

std::optional<StoredAnswer> find_answer_by_nginx_id(Transaction& tx, int64_t user_id,
                                                    const std::string& nginx_id,
                                                    const std::string& fingerprint, Lookup lookup) {
  const auto text = lookup == Lookup::waiting ? sql_text::kSelectLedgerByNginxIdLocked
                                              : sql_text::kSelectLedgerByNginxId;
  return stored_answer(tx.statement(text).bind(user_id).bind(nginx_id).bind(fingerprint).query());
}

void delete_expired_key(Transaction& tx, int64_t user_id, const std::string& key,
                        const std::string& nginx_id) {
  tx.statement(sql_text::kDeleteExpiredLedgerKey).bind(user_id).bind(key).bind(nginx_id).update();
}

int purge_expired_ledger_rows(Transaction& tx, int limit) {
  return tx.statement(sql_text::kPurgeLedger).bind(limit).update();
}

}  // namespace morapi::db
