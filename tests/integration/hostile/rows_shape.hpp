#pragma once
// The shape of a request: sizes (1 MB query strings, 10,000 parameters, bodies at and over the
// limit, headers over 8 KB), repeated names, invalid `%` escapes, NUL and non-UTF-8 bytes in
// names and values. Most rows are did_rates_details_update's floor request (signed, refused at
// its last check, so nothing changes) with one thing made hostile.
#include "hostile/row.hpp"

namespace morapi::testing::hostile {

inline const Params kRatesBase = {{"u", "admin"}, {"did_id", "3"}, {"allow_call_reject", "7"}};
inline Expect rates_floor() {
  return page("Invalid value for allow_call_reject");
}
inline std::string rates_query(Params extra = {}) {
  Params params = kRatesBase;
  params.insert(params.end(), extra.begin(), extra.end());
  return form_encoded(signed_params(Api::did_rates_details_update, params));
}
inline std::string rates_uri(Params extra = {}) {
  return api_path(Api::did_rates_details_update) + "?" + rates_query(std::move(extra));
}
// The floor request's signed query with `raw` (sent as is, not encoded) appended.
inline std::string rates_uri_with_raw(const std::string& raw) {
  return rates_uri() + "&" + raw;
}
// did_rates_details_update of these did_id values (the last one counts), signed, sent raw.
inline std::string rates_uri_did(const std::string& raw_query, const std::string& decoded_did) {
  return api_path(Api::did_rates_details_update) + "?u=admin&allow_call_reject=7&" + raw_query +
         "&hash=" + sha1(decoded_did + "secret");
}

inline Expect too_long_uri() {
  return page("Request URI is too long", 414);
}

inline std::vector<Row> size_rows() {
  const std::string group = "sizes";
  std::vector<Row> rows;
  const std::string mega(1 << 20, 'A');
  auto row = get_row(group, "1 MB query string (an unhashed value)", rates_uri({{"junk", mega}}),
                     rates_floor());
  row.nginx = too_long_uri();
  rows.push_back(row);
  row = get_row(group, "1 MB parameter name", rates_uri_with_raw(mega + "=1"), rates_floor());
  row.nginx = too_long_uri();
  rows.push_back(row);
  row = get_row(
      group, "1 MB hashed value",
      signed_uri(Api::cli_add,
                 {{"u", "admin"}, {"device_id", "2"}, {"cli_number", std::string(1 << 20, 'x')}}),
      page("CLI must be numeric"));
  row.nginx = too_long_uri();
  rows.push_back(row);
  rows.push_back(get_row(group, "a 7 KB query string",
                         rates_uri({{"junk", std::string(7000, 'A')}}), rates_floor()));
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "&n" + std::to_string(i) + "=" + std::to_string(i);
  row = get_row(group, "10,000 parameters in the query", rates_uri() + many, rates_floor());
  row.nginx = too_long_uri();
  rows.push_back(row);
  std::string names;  // 10,000 distinct names without '=' (empty values): 49 KB
  for (int i = 0; i < 10000; ++i) names += std::to_string(i) + "&";
  rows.push_back(post_row(group, "10,000 parameters in a form body", rates_uri(), names,
                          "application/x-www-form-urlencoded", rates_floor()));
  std::string repeated;
  for (int i = 0; i < 5000; ++i) repeated += "did_id=9&";
  rows.push_back(post_row(group, "one name 5,000 times in a form body, then the real one",
                          api_path(Api::did_rates_details_update), repeated + rates_query(),
                          "application/x-www-form-urlencoded", rates_floor()));
  std::string at_limit = rates_query() + "&z=";
  at_limit += std::string(64 * 1024 - at_limit.size(), 'z');
  rows.push_back(post_row(group, "a form body of exactly 64 KiB",
                          api_path(Api::did_rates_details_update), at_limit,
                          "application/x-www-form-urlencoded", rates_floor()));
  rows.push_back(post_row(
      group, "a form body of 64 KiB + 1", api_path(Api::did_rates_details_update), at_limit + "z",
      "application/x-www-form-urlencoded", page("Request body is too large", 413)));
  // Inline with test=1 in the query (SPEC §3), morapi's 413 and nginx's alike.
  rows.push_back(post_row(group, "a form body of 64 KiB + 1, test=1",
                          api_path(Api::did_rates_details_update) + "?test=1", at_limit + "z",
                          "application/x-www-form-urlencoded",
                          inline_answer(page("Request body is too large", 413))));
  row = get_row(group, "a 9 KB header, test=1", rates_uri({{"test", "1"}}),
                inline_answer(rates_floor()));
  row.headers = {{"X-Hostile", std::string(9 * 1024, 'h')}};
  row.nginx = inline_answer(page("Bad request", 400));
  rows.push_back(row);
  rows.push_back(post_row(group, "a 1 MB JSON body", api_path(Api::did_rates_details_update),
                          "{\"u\": \"" + mega + "\"}", "application/json",
                          page("Request body is too large", 413)));
  row = get_row(group, "a 9 KB header", rates_uri(), rates_floor());
  row.headers = {{"X-Hostile", std::string(9 * 1024, 'h')}};
  row.nginx = page("Bad request", 400);
  rows.push_back(row);
  row = get_row(group, "100 headers of 100 bytes", rates_uri(), rates_floor());
  for (int i = 0; i < 100; ++i) {
    row.headers.emplace_back("X-Hostile-" + std::to_string(i), std::string(100, 'h'));
  }
  rows.push_back(row);
  row = get_row(group, "a 9 KB Idempotency-Key", rates_uri(), page("Invalid request id"));
  row.headers = {{"Idempotency-Key", std::string(9 * 1024, 'k')}};
  row.nginx = page("Bad request", 400);
  rows.push_back(row);
  row = get_row(group, "an Idempotency-Key of 65 characters", rates_uri(),
                page("Invalid request id"));
  row.headers = {{"Idempotency-Key", std::string(65, 'k')}};
  rows.push_back(row);
  row =
      get_row(group, "an Idempotency-Key with SQL in it", rates_uri(), page("Invalid request id"));
  row.headers = {{"Idempotency-Key", "1' OR '1'='1"}};
  rows.push_back(row);
  return rows;
}

inline std::vector<Row> repeated_name_rows() {
  const std::string group = "repeated names";
  const std::string path = api_path(Api::did_rates_details_update);
  const std::string good = mor_hash(Api::did_rates_details_update, kRatesBase);
  const std::string head = path + "?allow_call_reject=7&did_id=3&";
  return {
      get_row(group, "u twice, the last one real", head + "u=nobody&u=admin&hash=" + good,
              rates_floor()),
      get_row(group, "u twice, the last one unknown", head + "u=admin&u=nobody&hash=" + good,
              page("Access Denied")),
      get_row(group, "hash twice, the last one right",
              head + "u=admin&hash=" + std::string(40, '0') + "&hash=" + good, rates_floor()),
      get_row(group, "hash twice, the last one wrong",
              head + "u=admin&hash=" + good + "&hash=" + std::string(40, '0'),
              page("Incorrect hash")),
      get_row(group, "did_id twice, signed over the last",
              path + "?u=admin&allow_call_reject=7&did_id=999&did_id=3&hash=" + good,
              rates_floor()),
      get_row(group, "did_id twice, signed over the first",
              path + "?u=admin&allow_call_reject=7&did_id=3&did_id=999&hash=" + good,
              page("Incorrect hash")),
      post_row(group, "a body field overrides the query's", rates_uri(), "u=nobody",
               "application/x-www-form-urlencoded", page("Access Denied")),
      post_row(group, "the body's u is the real one", path + "?u=nobody&did_id=3",
               "u=admin&allow_call_reject=7&hash=" + good, "application/x-www-form-urlencoded",
               rates_floor()),
      post_row(group, "a JSON body overrides the query's", rates_uri(), "{\"did_id\": \"999\"}",
               "application/json", page("Incorrect hash")),
  };
}

inline std::vector<Row> escape_rows() {
  const std::string group = "invalid escapes";
  std::vector<Row> rows;
  // raw query part -> the did_id morapi decodes from it (hashed as decoded, SPEC §1).
  const std::vector<std::pair<std::string, std::string>> did_ids = {
      {"did_id=%33", "3"},
      {"did%5Fid=3", "3"},
      {"%64%69%64_id=3", "3"},
      {"did_id=3%zz", "3%zz"},
      {"did_id=%3", "%3"},
      {"did_id=3%", "3%"},
      {"did_id=%%33", "%3"},
      {"did_id=%G3", "%G3"},
      {"did_id=%u0033", "%u0033"},
      {"did_id=+3", " 3"},
      {"did_id=3+", "3 "},
      {"did_id=%2B3", "+3"},
      {"did_id=03", "03"},  // found: did_id is read as a number, as Rails does

      {"did_id=3.0", "3.0"},
      {"did_id=-3", "-3"},
      {"did_id=3e0", "3e0"},
      {"did_id=0x3", "0x3"},
      {"did_id=%20%203", "  3"},
      {"did_id=3%0A", "3\n"},
      {"did_id=%EF%BC%93", "\xEF\xBC\x93"},
      {"did_id=99999999999999999999999999", "99999999999999999999999999"},
  };
  for (const auto& [raw, decoded] : did_ids) {
    rows.push_back(
        get_row(group, raw, rates_uri_did(raw, decoded),
                decoded == "3" || decoded == "03" ? rates_floor() : page("DID was not found")));
  }
  for (const std::string raw : {"u=adm%zzin", "u=%", "u=admin%", "u=%%", "u=%ad%min"}) {
    rows.push_back(get_row(group, raw,
                           api_path(Api::did_rates_details_update) +
                               "?did_id=3&allow_call_reject=7&" + raw +
                               "&hash=" + mor_hash(Api::did_rates_details_update, kRatesBase),
                           page("Access Denied")));
  }
  for (const std::string raw :
       {"%zz=1", "%=%", "&&&", "=&=", "=3", "%00=1", "a%=b%", "====", "did_id", "&did_id&"}) {
    // Appended after the signed query: a name that is not did_id changes nothing; a bare
    // `did_id` (empty value) is the last did_id, so it replaces the signed one.
    const bool replaces_did = std::string(raw).find("did_id") != std::string::npos;
    rows.push_back(get_row(group, std::string("appended ") + raw, rates_uri_with_raw(raw),
                           replaces_did ? page("Incorrect hash") : rates_floor()));
  }
  return rows;
}

}  // namespace morapi::testing::hostile
