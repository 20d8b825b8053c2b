#pragma once
// Every HTTP method (SPEC §1: only GET and POST run a method; everything else is 405 with Allow
// before routing, the unknown method's path too), odd paths, and FastCGI requests no nginx
// would send (a body shorter than its CONTENT_LENGTH, a CONTENT_LENGTH that is no number).
#include "hostile/rows_shape.hpp"

namespace morapi::testing::hostile {

inline std::vector<Row> http_method_rows() {
  const std::string group = "HTTP methods";
  std::vector<Row> rows;
  const std::vector<std::string> uris = {
      rates_uri(), "/api/did_rates_details_update?" + rates_query(), "/billing/api/no_such_method",
      "/billing/api/_metrics", "/billing/api/"};
  for (const std::string method : {"HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND", "MKCOL",
                                   "COPY", "MOVE", "LOCK", "UNLOCK", "FOO"}) {
    for (const std::string& uri : uris) {
      // _metrics also answers HEAD (SPEC §1).
      if (method == std::string("HEAD") && uri.find("_metrics") != std::string::npos) continue;
      Row row = get_row(group, method + " " + uri.substr(0, 60), uri, not_allowed());
      row.method = method;
      if (method == std::string("HEAD")) {  // nginx sends no body on HEAD
        row.nginx = not_allowed();
        row.nginx->body.clear();
      }
      if (method != std::string("HEAD") && method != std::string("OPTIONS")) {
        row.body = rates_query();
        row.content_type = "application/x-www-form-urlencoded";
      }
      rows.push_back(row);
    }
  }
  Row trace = get_row(group, "TRACE", rates_uri(), not_allowed());
  trace.method = "TRACE";
  rows.push_back(trace);
  // nginx refuses these before reading a header; over FastCGI morapi sees the name as given.
  for (const std::string method : {"get", "Get", "G-T", "CONNECT"}) {
    Row row = get_row(group, method + " (FastCGI)", rates_uri(), not_allowed());
    row.method = method;
    row.via = Via::fcgi;
    rows.push_back(row);
  }
  // nginx refuses a lower-case method in the request line itself; CONNECT reaches the site's
  // method check.
  Row lower = get_row(group, "get (nginx)", "", page("Bad request", 400));
  lower.via = Via::nginx;
  lower.raw = "get " + rates_uri() + " HTTP/1.0\r\n\r\n";
  rows.push_back(lower);
  Row connect = get_row(group, "CONNECT (nginx)", "", not_allowed());
  connect.via = Via::nginx;
  connect.raw = "CONNECT " + rates_uri() + " HTTP/1.0\r\n\r\n";
  rows.push_back(connect);
  for (const std::string method : {"", " GET", "GET\t", "POST\r\n", "GET GET"}) {
    Row row =
        get_row(group, "REQUEST_METHOD '" + method + "' (FastCGI)", rates_uri(), not_allowed());
    row.via = Via::fcgi;
    row.params = {{"REQUEST_METHOD", method}};
    rows.push_back(row);
  }
  return rows;
}

inline std::vector<Row> path_rows() {
  const std::string group = "paths";
  const std::string query = "?" + rates_query();
  const Expect none = status_only("There is no such API", 404);
  std::vector<Row> rows = {
      get_row(group, "/billing/api/", "/billing/api/" + query, none),
      get_row(group, "upper case method name", "/billing/api/DID_RATES_DETAILS_UPDATE" + query,
              none),
      get_row(group, "a segment after the method",
              "/billing/api/did_rates_details_update/x" + query, rates_floor()),
      get_row(group, "the method name with SQL", "/billing/api/x'%20OR%20'1'='1" + query, none),
      get_row(group, "a 4 KB method name", "/billing/api/" + std::string(4096, 'm') + query, none),
      get_row(group, "/api/ twice", "/api/api/did_rates_details_update" + query, none),
  };
  // nginx resolves the dot segment before it passes the path on; morapi takes the path as given.
  Row dot =
      get_row(group, "a dot segment", "/billing/api/./did_rates_details_update" + query, none);
  dot.nginx = rates_floor();
  rows.push_back(dot);
  // nginx resolves these, then takes or refuses them itself.
  Row row = get_row(group, "a dot-dot segment",
                    "/billing/x/../api/did_rates_details_update" + query, rates_floor());
  row.via = Via::nginx;
  rows.push_back(row);
  row = get_row(group, "an encoded NUL in the path", "/billing/api/did_rates%00" + query,
                page("Bad request", 400));
  row.via = Via::nginx;
  rows.push_back(row);
  row = get_row(group, "outside the API", "/billing/other" + query, none);
  row.via = Via::nginx;
  rows.push_back(row);
  row = get_row(group, "a 9 KB path", "/billing/api/" + std::string(9 * 1024, 'm'), too_long_uri());
  row.via = Via::nginx;
  rows.push_back(row);
  return rows;
}

inline std::vector<Row> fastcgi_rows() {
  const std::string group = "FastCGI";
  std::vector<Row> rows;
  const std::string path = api_path(Api::did_rates_details_update);
  auto add = [&](std::string name, std::string body, std::string length, Expect expect) {
    Row row = post_row(group, std::move(name), path, std::move(body),
                       "application/x-www-form-urlencoded", std::move(expect));
    row.via = Via::fcgi;
    row.params = {{"CONTENT_LENGTH", std::move(length)}};
    rows.push_back(row);
  };
  const std::string body = rates_query();
  // Its stdin ends (an empty FCGI_STDIN record) 10 bytes into a 100-byte body.
  add("a body shorter than CONTENT_LENGTH", body.substr(0, 10), "100", page("Bad request", 400));
  add("an empty body of CONTENT_LENGTH 100", "", "100", page("Bad request", 400));
  add("a body one byte short", body.substr(0, body.size() - 1), std::to_string(body.size()),
      page("Bad request", 400));
  add("a body longer than CONTENT_LENGTH (the rest is not read)", body + "&u=nobody",
      std::to_string(body.size()), rates_floor());
  add("CONTENT_LENGTH empty: read to the end", body, "", rates_floor());
  add("CONTENT_LENGTH not a number", body, "abc", page("Incorrect hash"));
  add("CONTENT_LENGTH negative", body, "-5", rates_floor());
  add("CONTENT_LENGTH over the limit", body, "65537", page("Request body is too large", 413));
  add("CONTENT_LENGTH of 20 digits", body, "99999999999999999999",
      page("Request body is too large", 413));
  Row row = get_row(group, "no DOCUMENT_URI, REQUEST_URI only", rates_uri(), rates_floor());
  row.via = Via::fcgi;
  row.params = {{"DOCUMENT_URI", ""}};
  rows.push_back(row);
  row = get_row(group, "no path at all", rates_uri(), status_only("There is no such API", 404));
  row.via = Via::fcgi;
  row.params = {{"DOCUMENT_URI", ""}, {"REQUEST_URI", ""}, {"SCRIPT_NAME", ""}};
  rows.push_back(row);
  row = get_row(group, "a 1 MB param nobody reads", rates_uri(), rates_floor());
  row.via = Via::fcgi;
  row.params = {{"HTTP_X_HOSTILE", std::string(1 << 20, 'x')}};
  rows.push_back(row);
  row = get_row(group, "MORAPI_RECEIVED_AT not a time", rates_uri(), rates_floor());
  row.via = Via::fcgi;
  row.params = {{"MORAPI_RECEIVED_AT", "'; DROP TABLE cards; --"}};
  rows.push_back(row);
  // A failed hash check's actions row (SPEC §2): its client address (rows of one address a
  // second at most, so each row here has its own) and its URL, p/hash/pin redacted, cut to the
  // column's 255 characters (pinned: SPEC says 256).
  const std::string wrong = std::string(40, '0');
  row = get_row(
      group, "a failed hash logs a 2 KB URL cut to 255",
      path + "?u=admin&did_id=3&p=secretpassword&junk=" + std::string(2048, 'j') + "&hash=" + wrong,
      page("Incorrect hash"));
  row.via = Via::fcgi;
  row.params = {{"REMOTE_ADDR", "10.9.9.1"}};
  row.stored = {
      {"SELECT CHAR_LENGTH(data2) FROM actions WHERE data3 = '10.9.9.1'", "255"},
      {"SELECT LOCATE('secretpassword', data2) FROM actions WHERE data3 = '10.9.9.1'", "0"}};
  rows.push_back(row);
  row = get_row(group, "a failed hash logs the URL with p and hash redacted",
                path + "?u=admin&p=secretpassword&did_id=3&hash=" + wrong + "&pin=1234",
                page("Incorrect hash"));
  row.via = Via::fcgi;
  row.params = {{"REMOTE_ADDR", "10.9.9.2"}};
  row.stored = {{"SELECT data2 FROM actions WHERE data3 = '10.9.9.2'",
                 path + "?u=admin&p=[FILTERED]&did_id=3&hash=[FILTERED]&pin=[FILTERED]"}};
  rows.push_back(row);
  const std::string hostile_address = "'; DROP TABLE actions; -- " + std::string(300, 'a');
  row = get_row(group, "a hostile REMOTE_ADDR", path + "?u=admin&did_id=3&hash=" + wrong,
                page("Incorrect hash"));
  row.via = Via::fcgi;
  row.params = {{"REMOTE_ADDR", hostile_address}};
  row.stored = {
      {"SELECT COUNT(*) FROM actions WHERE data3 LIKE '''; DROP TABLE actions; -- a%'", "1"},
      {"SELECT MAX(CHAR_LENGTH(data3)) FROM actions", "255"}};
  rows.push_back(row);
  row = get_row(group, "MORAPI_REQUEST_ID with SQL in it", rates_uri(), rates_floor());
  row.via = Via::fcgi;
  row.params = {{"MORAPI_REQUEST_ID", "' OR '1'='1"}};
  rows.push_back(row);
  return rows;
}

}  // namespace morapi::testing::hostile
