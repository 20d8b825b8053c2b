#pragma once
// MOR's request hash (SPEC §2) for the hostile rows that must get past the hash check, so that
// the check under test is the one that answers. Written from SPEC and MOR_REFERENCE.md §1, not
// from morapi's code: a row signed here and refused as `Incorrect hash` is a finding.
#include <string>
#include <utility>
#include <vector>

#include "fixture.hpp"

namespace morapi::testing::hostile {

enum class Api { calling_cards_create, cc_by_cli, cli_add, did_create, did_rates_details_update };

// In the order sent; a name may repeat (morapi keeps the last value).
using Params = std::vector<std::pair<std::string, std::string>>;

inline std::string api_name(Api api) {
  switch (api) {
    case Api::calling_cards_create:
      return "calling_cards_create";
    case Api::cc_by_cli:
      return "cc_by_cli";
    case Api::cli_add:
      return "cli_add";
    case Api::did_create:
      return "did_create";
    case Api::did_rates_details_update:
      return "did_rates_details_update";
  }
  return "";
}

inline std::string api_path(Api api) {
  return "/billing/api/" + api_name(api);
}

// The names each method's rule hashes, in its order: a method list, or MOR's global order
// (MOR_REFERENCE.md §1: pin 105, provider_id 114, amount 129, id 133, callerid 135,
// cardgroup_id 136, status 137, device_id 193, cli_number 199) restricted to the names these
// rows send. did_create: provider_id then did (its first rule).
inline std::vector<std::string> hashed_names(Api api) {
  switch (api) {
    case Api::calling_cards_create:
      return {"card_group_id", "cards_from", "cards_till"};
    case Api::did_rates_details_update:
      return {"did_id"};
    case Api::did_create:
      return {"provider_id", "did"};
    case Api::cc_by_cli:
    case Api::cli_add:
      return {"pin",          "provider_id", "amount",    "id",        "callerid",
              "cardgroup_id", "status",      "device_id", "cli_number"};
  }
  return {};
}

// The last value of `name`, or nullptr.
inline const std::string* last_value(const Params& params, const std::string& name) {
  const std::string* found = nullptr;
  for (const auto& [key, value] : params) {
    if (key == name) found = &value;
  }
  return found;
}

inline std::string mor_hash(Api api, const Params& params, const std::string& secret = "secret") {
  std::string text;
  for (const std::string& name : hashed_names(api)) {
    if (const std::string* value = last_value(params, name)) text += *value;
  }
  return sha1(text + secret);
}

// params with `hash` appended.
inline Params signed_params(Api api, Params params, const std::string& secret = "secret") {
  params.emplace_back("hash", mor_hash(api, params, secret));
  return params;
}

inline std::string form_encoded(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += percent_encoded(name) + "=" + percent_encoded(value);
  }
  return out;
}

inline std::string signed_uri(Api api, const Params& params) {
  return api_path(api) + "?" + form_encoded(signed_params(api, params));
}

}  // namespace morapi::testing::hostile
