#include "db/money_repo.hpp"

#include "db/sql.hpp"

namespace morapi::db {
namespace {

std::string one_decimal(std::unique_ptr<sql::ResultSet> result) {
  if (!result->next() || result->isNull(1)) throw std::runtime_error("money query returned NULL");
  return result->getString(1);
}

}  // namespace

SystemCurrency system_currency(Transaction& tx) {
  auto r = tx.statement(sql_text::kSelectSystemCurrency).query();
  if (!r->next()) throw std::runtime_error("currencies has no row 1 (the system currency)");
  return SystemCurrency{r->getString(1), r->getString(2)};
}

std::optional<std::string> to_system_currency(Transaction& tx, const std::string& amount,
                                              const std::string& currency,
                                              const SystemCurrency& system) {
  if (currency.empty() || currency == system.name) return amount;
  auto rate = tx.statement(sql_text::kSelectExchangeRate).bind(currency).query();
  if (!rate->next() || is_zero(rate->getString(1))) return std::nullopt;
  const std::string currency_rate = rate->getString(1);
  return one_decimal(tx.statement(sql_text::kConvertToSystem)
                         .bind(amount)
                         .bind(system.exchange_rate)
                         .bind(currency_rate)
                         .query());
}

namespace {

std::pair<std::string, std::string> without_and_with_vat(Transaction& tx, const std::string& amount,
                                                         int64_t tax_id) {
  auto r = tx.statement(sql_text::kAmountWithoutAndWithVat).bind(amount).bind(tax_id).query();
  if (!r->next() || r->isNull(1) || r->isNull(2)) throw std::runtime_error("VAT query failed");
  return {r->getString(1), r->getString(2)};
}

}  // namespace

std::string net_of_vat(Transaction& tx, const std::string& amount, int64_t tax_id) {
  return without_and_with_vat(tx, amount, tax_id).first;
}

std::string with_vat(Transaction& tx, const std::string& amount, int64_t tax_id) {
  return without_and_with_vat(tx, amount, tax_id).second;
}

std::string vat_of(Transaction& tx, const std::string& amount, int64_t tax_id) {
  return one_decimal(
      tx.statement(sql_text::kVatOf).bind(negated(amount)).bind(amount).bind(tax_id).query());
}

std::string sum(Transaction& tx, const std::string& a, const std::string& b) {
  return one_decimal(tx.statement(sql_text::kSum).bind(a).bind(b).query());
}

std::string negated(const std::string& amount) {
  if (!amount.empty() && amount.front() == '-') return amount.substr(1);
  return "-" + amount;
}

bool is_zero(const std::string& amount) {
  return amount.find_first_of("123456789") == std::string::npos;
}

}  // namespace morapi::db
