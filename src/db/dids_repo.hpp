#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"

namespace morapi::db {

struct NewDid {
  std::string did;
  int64_t provider_id = 0;
  int64_t reseller_id = 0;
  std::optional<std::string> comment;  // absent: the column keeps its default
  std::optional<std::string> reseller_comment;
  std::optional<std::string> custom_sip_header;
};

struct DidRow {
  int64_t id = 0;
  int64_t reseller_id = 0;
};

// The rates-details columns to change; absent ones keep their value.
struct DidRatesDetails {
  std::optional<int64_t> provider_tariff_id;
  std::optional<int> allow_call_reject_provider;
  std::optional<int64_t> owner_tariff_id;
  std::optional<int> allow_call_reject;
};

bool did_number_exists(Transaction& tx, const std::string& did);
struct DidNumberLookup {
  bool exists = false;
  std::optional<std::string> earlier_answer;  // an earlier copy of this request made it
};
// did_number_exists, and when the request being served may be a copy nginx re-sent, the answer
// its earlier copy committed, in the same statement (RequestScope::earlier_copy).
DidNumberLookup look_up_did_number(Transaction& tx, const std::string& did);
// Inserts the DID and its three didrates rows (provider, incoming, owner). Returns its id, or
// nothing when the number already exists (the unique key decided a race).
std::optional<int64_t> insert_did_with_rates(Transaction& tx, const NewDid& did);
// Locks the DID row for the rest of the transaction.
std::optional<DidRow> lock_did(Transaction& tx, int64_t id);
int64_t count_did_rates(Transaction& tx, int64_t did_id);
void update_did_rates_details(Transaction& tx, int64_t did_id, const DidRatesDetails& details);

}  // namespace morapi::db
