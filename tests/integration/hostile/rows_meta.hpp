#pragma once
// SQL metacharacters in every parameter of every method, generated: each method's request is
// signed and valid up to one late check that refuses it (its "floor"), so that every lookup
// runs; then each parameter in turn carries each string below, re-signed. The expected answer is
// the method's rule for that parameter (a lookup that finds nothing, a format check) or the
// floor when the parameter is free text or ignored. Sent as a GET, a POST form and a JSON body.
#include <functional>

#include "hostile/row.hpp"

namespace morapi::testing::hostile {

inline const std::vector<std::string> kMetacharacters = {
    "'",
    "\"",
    "\\",
    "' OR '1'='1",
    "1' OR '1'='1' -- ",
    "1; DROP TABLE cards; --",
    "' UNION SELECT password FROM users -- ",
    "%",
    "_",
    "`",
    "1) OR (1=1",
    "\\'; SELECT SLEEP(3); #",
    "/*",
    "0x27",
};

// What one parameter does with a hostile value: the answer the method must give.
struct ParamRule {
  std::string name;
  std::function<Expect(const std::string& value)> expect;
};

struct MethodCase {
  Api api;
  Params base;
  Expect floor;  // what the base request gets
  std::vector<ParamRule> rules;
};

// An answer that does not depend on the value.
inline std::function<Expect(const std::string&)> always(Expect e) {
  return [e](const std::string&) { return e; };
}

// A value of [A-Za-z0-9._:-], 1-64 long, is a request id (SPEC §5); the rest are refused.
inline bool valid_request_id(const std::string& value) {
  if (value.empty() || value.size() > 64) return false;
  for (const unsigned char c : value) {
    if (!std::isalnum(c) && c != '.' && c != '_' && c != ':' && c != '-') return false;
  }
  return true;
}

inline std::function<Expect(const std::string&)> request_id_rule(Expect floor, Expect refused) {
  return [floor, refused](const std::string& value) {
    return valid_request_id(value) ? floor : refused;
  };
}

inline std::vector<MethodCase> method_cases() {
  const Expect cards_floor = page("Cards from must not be greater than Cards till");
  const Expect cc_floor = cc_error("Supplied Cardgroup_id is invalid");
  const Expect cli_floor = page("CLI must be numeric");
  const Expect did_floor = page("Invalid DID specified");
  const Expect rates_floor = page("Invalid value for allow_call_reject");
  return {
      {Api::calling_cards_create,
       {{"u", "admin"},
        {"card_group_id", "1"},
        {"cards_from", "1000000009"},
        {"cards_till", "1000000001"},
        {"batch_number", "b1"},
        {"min_balance", "1"},
        {"distributor_id", "2"},
        {"language", "en"}},
       cards_floor,
       {{"u", always(page("Access Denied"))},
        {"hash", always(page("Incorrect hash"))},
        {"card_group_id", always(page("Card Group was not found"))},
        {"cards_from", always(page("Cards from is in incorrect format"))},
        {"cards_till", always(page("Cards till is in incorrect format"))},
        {"batch_number", always(cards_floor)},
        {"min_balance", always(cards_floor)},
        {"distributor_id", always(cards_floor)},
        {"language", always(cards_floor)},
        {"p", always(cards_floor)},
        {"test", always(cards_floor)},
        {"request_id", request_id_rule(cards_floor, page("Invalid request id"))}}},
      {Api::cc_by_cli,
       {{"u", "admin"},
        {"p", "admin1"},
        {"callerid", "37089999999"},
        {"amount", "1"},
        {"cardgroup_id", "999"}},
       cc_floor,
       {{"u", always(status_only("Bad login"))},
        {"p", always(status_only("Bad login"))},
        {"hash", always(status_only("Incorrect hash"))},
        {"callerid", always(cc_floor)},
        // The caller ID is nowhere: the card group is checked first (the amounts group tries
        // the amount where it is used).
        {"amount", always(cc_floor)},
        {"pin", always(cc_error("PIN number not found"))},
        {"cardgroup_id", always(cc_floor)},
        {"test", always(cc_floor)},
        {"request_id", request_id_rule(cc_floor, cc_error("Invalid request id"))}}},
      {Api::cli_add,
       {{"u", "admin"},
        {"device_id", "2"},
        {"cli_number", "37012x"},
        {"cli_description", "d"},
        {"comment", "c"},
        {"banned", "0"}},
       cli_floor,
       {{"u", always(page("Access Denied"))},
        {"hash", always(page("Incorrect hash"))},
        {"device_id", always(page("Device was not found"))},
        {"cli_number", always(cli_floor)},
        {"cli_domain", always(cli_floor)},
        {"cli_description", always(cli_floor)},
        {"comment", always(cli_floor)},
        {"banned", always(cli_floor)},
        {"ivr_id", always(page("IVR was not found"))},
        {"test", always(cli_floor)},
        {"request_id", request_id_rule(cli_floor, page("Invalid request id"))}}},
      {Api::did_create,
       {{"u", "admin"},
        {"provider_id", "1"},
        {"did", "3706x"},
        {"custom_sip_header", "h"},
        {"comment", "c"},
        {"reseller_comment", "r"}},
       did_floor,
       {{"u", always(page("Access Denied"))},
        {"hash", always(page("Incorrect hash"))},
        {"provider_id", always(page("Provider was not found"))},
        {"did", always(did_floor)},
        {"custom_sip_header", always(did_floor)},
        {"comment", always(did_floor)},
        {"reseller_comment", always(did_floor)},
        {"test", always(did_floor)},
        {"request_id", request_id_rule(did_floor, page("Invalid request id"))}}},
      {Api::did_rates_details_update,
       {{"u", "admin"},
        {"did_id", "3"},
        {"provider_tariff_id", "3"},
        {"owner_tariff_id", "3"},
        {"allow_call_reject_provider", "1"},
        {"allow_call_reject", "7"}},
       rates_floor,
       {{"u", always(page("Access Denied"))},
        {"hash", always(page("Incorrect hash"))},
        {"did_id", always(page("DID was not found"))},
        {"provider_tariff_id", always(page("Tariff was not found"))},
        {"owner_tariff_id", always(page("Tariff was not found"))},
        {"allow_call_reject_provider",
         always(page("Invalid value for allow_call_reject_provider"))},
        {"allow_call_reject", always(rates_floor)},
        {"test", always(rates_floor)},
        {"request_id", request_id_rule(rates_floor, page("Invalid request id"))}}},
  };
}

// The base parameters with `name` set to `value` (added when the base has no such parameter),
// signed; `hash` itself is replaced after signing.
inline Params with_value(const MethodCase& method, const std::string& name,
                         const std::string& value) {
  Params params = method.base;
  bool found = false;
  for (auto& [key, old] : params) {
    if (key == name) {
      old = value;
      found = true;
    }
  }
  if (!found && name != "hash") params.emplace_back(name, value);
  params = signed_params(method.api, params);
  if (name == "hash") params.back().second = value;
  return params;
}

// One flat JSON object of string members; the strings here need only `"` and `\` escaped.
inline std::string json_object(const Params& params) {
  auto quoted = [](const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::string out;
  for (const auto& [name, value] : params) {
    out += (out.empty() ? "{" : ", ") + quoted(name) + ": " + quoted(value);
  }
  return out + "}";
}

inline std::vector<Row> metacharacter_rows() {
  std::vector<Row> rows;
  for (const MethodCase& method : method_cases()) {
    const std::string path = api_path(method.api);
    rows.push_back(get_row("floors", api_name(method.api),
                           path + "?" + form_encoded(signed_params(method.api, method.base)),
                           method.floor));
    for (const ParamRule& rule : method.rules) {
      for (const std::string& value : kMetacharacters) {
        const std::string query = form_encoded(with_value(method, rule.name, value));
        const std::string name = api_name(method.api) + " " + rule.name + "=" + value;
        rows.push_back(
            get_row("metacharacters", "GET " + name, path + "?" + query, rule.expect(value)));
        rows.push_back(post_row("metacharacters", "POST " + name, path, query,
                                "application/x-www-form-urlencoded", rule.expect(value)));
        rows.push_back(post_row("metacharacters", "JSON " + name, path,
                                json_object(with_value(method, rule.name, value)),
                                "application/json", rule.expect(value)));
      }
    }
  }
  return rows;
}

}  // namespace morapi::testing::hostile
