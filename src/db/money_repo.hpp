#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

// Money arithmetic, done by the database in DECIMAL (never in a C++ double). Amounts are decimal
// strings; results come back with 15 decimals, the precision of MOR's balances.
namespace morapi::db {

struct SystemCurrency {
  std::string name;
  std::string exchange_rate;
};

SystemCurrency system_currency(Transaction& tx);
// `amount` in `currency` (a currencies.name; "" = the system currency) in the system currency.
// Nothing when the currency is unknown. `system` is system_currency(tx), read once by the caller.
std::optional<std::string> to_system_currency(Transaction& tx, const std::string& amount,
                                              const std::string& currency,
                                              const SystemCurrency& system);
std::string net_of_vat(Transaction& tx, const std::string& amount, int64_t tax_id);
std::string with_vat(Transaction& tx, const std::string& amount, int64_t tax_id);
// The VAT in `amount`: with_vat(amount) - amount, in one round trip.
std::string vat_of(Transaction& tx, const std::string& amount, int64_t tax_id);
std::string sum(Transaction& tx, const std::string& a, const std::string& b);
// -amount, exactly (text): "12.5" -> "-12.5", "-3" -> "3".
std::string negated(const std::string& amount);
bool is_zero(const std::string& amount);

}  // namespace morapi::db
