#pragma once
#include <span>
#include <string>
#include <string_view>

#include "http/params.hpp"

namespace morapi::auth {

// How a parameter's value is admitted into MOR's global hash string (MOR_REFERENCE.md §1).
enum class Filter {
  raw,            // taken as it is
  integer,        // digits only, then as an integer: "007" -> "7", "" -> "0"
  digits_or_all,  // digits only, or the literal "all"
  digits,         // digits only, kept as text ("" passes and adds nothing)
  balance,        // only 0-9 . - +
  direction,      // exactly outgoing or incoming
  calltype,       // one of MOR's call types
  users,          // postpaid, prepaid, all, or digits and commas (any line, as Ruby's ^$ match)
  block,          // contains "true" or "false"
  never,          // listed but never collected (user_warning_email_hour, pgui)
};

struct HashField {
  std::string_view name;
  Filter filter;
};

// MOR's global order: 199 names, each with its filter.
std::span<const HashField> mor_hash_order();

// The value a field contributes, or false when the filter rejects it.
bool admit(Filter filter, const std::string& value, std::string& contribution);

// The string MOR hashes (before the secret) when a method uses the global order.
std::string mor_order_string(const Params& params);
// The string for a method that names its own list: the listed values in order, absent ones add
// nothing.
std::string method_list_string(const Params& params, std::span<const std::string_view> names);

}  // namespace morapi::auth
