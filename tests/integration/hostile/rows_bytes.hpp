#pragma once
// NUL and non-UTF-8 bytes in names and values, as %XX and (over FastCGI) raw: looked up as
// sent, stored and written into XML only after sanitising (SPEC §1: each invalid byte becomes
// one U+FFFD, NUL is dropped).
#include "hostile/rows_shape.hpp"

namespace morapi::testing::hostile {

// What cli_add answers when it creates the CLI (SPEC §4.3).
inline Expect cli_created() {
  return {200, declaration() + "<page>\n  <status>CLI successfully created</status>\n</page>\n"};
}

// cli_add of a fresh CLI on device 2 with this description: created, stored sanitised.
inline Row stored_description(const std::string& name, const std::string& cli,
                              const std::string& description, const std::string& stored_hex) {
  Row row = get_row("bytes stored", name,
                    signed_uri(Api::cli_add, {{"u", "admin"},
                                              {"device_id", "2"},
                                              {"cli_number", cli},
                                              {"cli_description", description},
                                              {"comment", description}}),
                    cli_created());
  row.changes = {"callerids", "morapi_requests"};
  row.stored = {{"SELECT HEX(description) FROM callerids WHERE cli = '" + cli + "'", stored_hex},
                {"SELECT HEX(comment) FROM callerids WHERE cli = '" + cli + "'", stored_hex}};
  return row;
}

// As MariaDB's HEX() writes it.
inline std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

inline std::vector<Row> byte_rows() {
  const std::string group = "bytes";
  const std::string rates = api_path(Api::did_rates_details_update);
  const std::string good = mor_hash(Api::did_rates_details_update, kRatesBase);
  std::vector<Row> rows = {
      // The users.username collation (utf8mb4_unicode_ci) ignores NUL: pinned.
      get_row(group, "u=adm%00in finds admin",
              rates + "?u=adm%00in&did_id=3&allow_call_reject=7&hash=" + good, rates_floor()),
      get_row(group, "u=admin%00", rates + "?u=admin%00&did_id=3&allow_call_reject=7&hash=" + good,
              rates_floor()),
      get_row(group, "u=%FF%FE", rates + "?u=%FF%FE&did_id=3&allow_call_reject=7&hash=" + good,
              page("Access Denied")),
      get_row(group, "u=%C0%80 (an overlong NUL)",
              rates + "?u=%C0%80admin&did_id=3&allow_call_reject=7&hash=" + good,
              page("Access Denied")),
      get_row(group, "did_id=3%00", rates_uri_did("did_id=3%00", std::string("3\0", 2)),
              page("DID was not found")),
      get_row(group, "did_id=%FF", rates_uri_did("did_id=%FF", "\xFF"), page("DID was not found")),
      get_row(group, "a name with NUL: did_id%00=3", rates_uri_did("did_id%00=3", ""),
              page("DID was not found")),
      get_row(group, "a name of invalid UTF-8: %FF%FE=3", rates_uri_with_raw("%FF%FE=3"),
              rates_floor()),
      get_row(group, "hash with a NUL in it",
              rates + "?u=admin&did_id=3&allow_call_reject=7&hash=" + good.substr(0, 39) + "%00",
              page("Incorrect hash")),
      get_row(
          group, "an invalid UTF-8 CLI",
          signed_uri(Api::cli_add, {{"u", "admin"}, {"device_id", "2"}, {"cli_number", "\xFF"}}),
          page("CLI must be numeric")),
      post_row(group, "NUL and invalid UTF-8 in a form body", rates, rates_query() + "&x=%00%FF",
               "application/x-www-form-urlencoded", rates_floor()),
  };
  // libfcgi hands params to morapi as C strings: a raw NUL in QUERY_STRING ends it (pinned).
  Row raw = get_row(group, "raw NUL in QUERY_STRING (FastCGI) ends it", rates_uri(), rates_floor());
  raw.via = Via::fcgi;
  raw.params = {{"QUERY_STRING", rates_query() + std::string("\0&u=nobody", 10)}};
  rows.push_back(raw);
  raw = get_row(group, "raw invalid UTF-8 in QUERY_STRING (FastCGI)", rates_uri(), rates_floor());
  raw.via = Via::fcgi;
  raw.params = {{"QUERY_STRING", rates_query() + "&\xFF\xFE=\xC0\xAF"}};
  rows.push_back(raw);
  raw = get_row(group, "raw NUL in the request line (nginx)", "", page("Bad request", 400));
  raw.via = Via::nginx;
  raw.raw = std::string("GET ") + rates_uri() + std::string("\0 HTTP/1.0\r\n\r\n", 15);
  rows.push_back(raw);
  // One U+FFFD (EF BF BD) per invalid byte; NUL dropped; valid sequences kept.
  rows.push_back(
      stored_description("two invalid bytes", "37061000001", "\xFF\xFEok", "EFBFBDEFBFBD6F6B"));
  rows.push_back(stored_description("NUL dropped", "37061000002", std::string("a\0b", 3), "6162"));
  rows.push_back(
      stored_description("an overlong slash", "37061000003", "\xC0\xAF", "EFBFBDEFBFBD"));
  rows.push_back(
      stored_description("a lone surrogate", "37061000004", "\xED\xA0\x80", "EFBFBDEFBFBDEFBFBD"));
  rows.push_back(
      stored_description("a cut 3-byte sequence", "37061000005", "\xE2\x82", "EFBFBDEFBFBD"));
  rows.push_back(
      stored_description("an emoji kept", "37061000006", "\xF0\x9F\x98\x80", "F09F9880"));
  rows.push_back(stored_description("SQL kept as text", "37061000007", "'; DROP TABLE cards; --",
                                    "273B2044524F50205441424C452063617264733B202D2D"));
  rows.push_back(stored_description("XML kept as text", "37061000008", "</page><x>&amp;",
                                    "3C2F706167653E3C783E26616D703B"));
  const std::string sql = "1'; DROP TABLE dids; -- \\ \" %";
  Row did = get_row("bytes stored", "SQL in every free-text field of did_create",
                    signed_uri(Api::did_create, {{"u", "admin"},
                                                 {"provider_id", "1"},
                                                 {"did", "37069990001"},
                                                 {"comment", sql},
                                                 {"reseller_comment", sql},
                                                 {"custom_sip_header", sql}}),
                    {200, "<success>DID created</success>", true});
  did.changes = {"dids", "didrates", "morapi_requests"};
  for (const std::string column : {"comment", "reseller_comment", "custom_sip_header"}) {
    did.stored.emplace_back("SELECT HEX(" + column + ") FROM dids WHERE did = '37069990001'",
                            hex(sql));
  }
  rows.push_back(did);
  Row cards = get_row("bytes stored", "SQL in calling_cards_create's batch_number",
                      signed_uri(Api::calling_cards_create, {{"u", "admin"},
                                                             {"card_group_id", "1"},
                                                             {"cards_from", "2000000000"},
                                                             {"cards_till", "2000000000"},
                                                             {"batch_number", sql}}),
                      success("Cards created: 1/1"));
  cards.changes = {"cards", "morapi_requests"};
  cards.stored = {{"SELECT HEX(batch_number) FROM cards WHERE number = '2000000000'", hex(sql)}};
  rows.push_back(cards);
  return rows;
}

}  // namespace morapi::testing::hostile
