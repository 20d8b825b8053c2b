#pragma once
// Malformed bodies: multipart (no boundary, no closing delimiter, no blank line, file parts,
// duplicates, 1,000 parts), JSON (nested, duplicate keys, a top-level array, invalid UTF-8,
// 1,000-deep and 60,000-deep nesting, numbers out of double range), and chunked ones through
// nginx. The query always holds the signed floor request; the body tries to set did_id to 999,
// so a body field that is taken shows as `Incorrect hash` (the hash signs did_id 3), one that is
// not as the floor.
#include "hostile/rows_shape.hpp"

namespace morapi::testing::hostile {

inline Expect taken() {
  return page("Incorrect hash");
}

inline std::string part(const std::string& name, const std::string& value) {
  return "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

inline std::vector<Row> multipart_rows() {
  const std::string group = "multipart";
  const std::string type = "multipart/form-data; boundary=B";
  const std::string end = "--B--\r\n";
  std::vector<Row> rows;
  auto add = [&](std::string name, std::string body, Expect expect, std::string content_type) {
    rows.push_back(post_row(group, std::move(name), rates_uri(), std::move(body),
                            std::move(content_type), std::move(expect)));
  };
  add("well formed", part("did_id", "999") + end, taken(), type);
  add("no boundary in Content-Type", part("did_id", "999") + end, rates_floor(),
      "multipart/form-data");
  add("an empty boundary", part("did_id", "999") + end, rates_floor(),
      "multipart/form-data; boundary=");
  add("a quoted boundary", part("did_id", "999") + end, taken(),
      "multipart/form-data; boundary=\"B\"");
  add("no closing delimiter", part("did_id", "999"), rates_floor(), type);
  add("no blank line after the headers",
      "--B\r\nContent-Disposition: form-data; name=\"did_id\"\r\n999\r\n" + end, rates_floor(),
      type);
  add("a part without a name", "--B\r\nContent-Disposition: form-data\r\n\r\n999\r\n" + end,
      rates_floor(), type);
  add("a part without Content-Disposition", "--B\r\nX-Other: 1\r\n\r\n999\r\n" + end, rates_floor(),
      type);
  add("a file part",
      "--B\r\nContent-Disposition: form-data; name=\"did_id\"; filename=\"x\"\r\n\r\n999\r\n" + end,
      rates_floor(), type);
  add("the same field twice, the last one right", part("did_id", "999") + part("did_id", "3") + end,
      rates_floor(), type);
  add("the same field twice, the last one wrong", part("did_id", "3") + part("did_id", "999") + end,
      taken(), type);
  add("LF line ends", "--B\nContent-Disposition: form-data; name=\"did_id\"\n\n999\n--B--\n",
      taken(), type);
  add("the boundary never comes", "did_id=999", rates_floor(), type);
  add("only the closing delimiter", end, rates_floor(), type);
  add("an empty part value", part("did_id", "") + end, taken(), type);
  add("a name with SQL in it", part("x' OR '1'='1", "999") + end, rates_floor(), type);
  add("a 60 KB header line",
      "--B\r\nContent-Disposition: form-data; name=\"did_id\"; x=\"" + std::string(60000, 'x') +
          "\"\r\n\r\n999\r\n" + end,
      taken(), type);
  add("a nested multipart/mixed",
      "--B\r\nContent-Disposition: form-data; name=\"did_id\"\r\nContent-Type: multipart/mixed; "
      "boundary=C\r\n\r\n--C\r\n\r\n3\r\n--C--\r\n" +
          end,
      taken(), type);
  std::string many;
  for (int i = 0; i < 1000; ++i) many += part("n" + std::to_string(i), "1");
  add("1,000 parts", many + end, rates_floor(), type);
  add(
      "a boundary of 200 characters",
      [] {
        const std::string b(200, 'b');
        return "--" + b + "\r\nContent-Disposition: form-data; name=\"did_id\"\r\n\r\n999\r\n--" +
               b + "--\r\n";
      }(),
      taken(), "multipart/form-data; boundary=" + std::string(200, 'b'));
  return rows;
}

inline std::vector<Row> json_rows() {
  const std::string group = "JSON";
  std::vector<Row> rows;
  auto add = [&](std::string name, std::string body, Expect expect,
                 std::string type = "application/json") {
    rows.push_back(post_row(group, std::move(name), rates_uri(), std::move(body), std::move(type),
                            std::move(expect)));
  };
  add("flat", R"({"did_id": "999"})", taken());
  add("nested object: ignored", R"({"did_id": {"v": "999"}})", rates_floor());
  add("nested array: ignored", R"({"did_id": ["999"]})", rates_floor());
  add("a nested value replaces an earlier one", R"({"did_id": "999", "did_id": {"v": 1}})",
      rates_floor());
  add("duplicate keys, the last one right", R"({"did_id": "999", "did_id": "3"})", rates_floor());
  add("duplicate keys, the last one wrong", R"({"did_id": "3", "did_id": "999"})", taken());
  add("a top-level array", R"([{"did_id": "999"}])", rates_floor());
  add("a top-level string", R"("did_id=999")", rates_floor());
  add("top-level null", "null", rates_floor());
  add("invalid UTF-8 in a string", "{\"did_id\": \"999\xFF\"}", rates_floor());
  add("invalid UTF-8 in a key", "{\"did_id\xFF\": \"999\", \"did_id\": \"999\"}", rates_floor());
  add("a lone surrogate escape", R"({"did_id": "\ud800999"})", rates_floor());
  add("an escaped NUL in u finds admin", R"({"u": "adm\u0000in"})", rates_floor());
  add("no %XX decoding in JSON", R"({"did_id": "%33"})", taken());
  add("a number", R"({"did_id": 999})", taken());
  add("the number 3", R"({"did_id": 3})", rates_floor());
  add("3.0 stays 3.0", R"({"did_id": 3.0})", taken());
  // nlohmann's parser fails on a number beyond a double: then the whole body counts for
  // nothing (pinned; SPEC §1's "does not parse").
  add("a number out of double range: the body does not parse", R"({"did_id": 1e400})",
      rates_floor());
  add("a 400-digit number: the body does not parse", "{\"did_id\": " + std::string(400, '9') + "}",
      rates_floor());
  add("a 300-digit number stays as sent", "{\"did_id\": " + std::string(300, '9') + "}", taken());
  add("true", R"({"did_id": true})", taken());
  add("null is absent: the query's counts", R"({"did_id": null})", rates_floor());
  add("trailing garbage", R"({"did_id": "999"} x)", rates_floor());
  add("two objects", R"({"did_id": "999"}{"did_id": "999"})", rates_floor());
  add("a comment", R"({"did_id": "999" /* x */})", rates_floor());
  add("a trailing comma", R"({"did_id": "999",})", rates_floor());
  add("single quotes", R"({'did_id': '999'})", rates_floor());
  add("empty body", "", rates_floor());
  add("an empty object", "{}", rates_floor());
  add("with a charset", R"({"did_id": "999"})", taken(), "application/json; charset=latin1");
  add("upper-case type", R"({"did_id": "999"})", taken(), "APPLICATION/JSON");
  add("JSON sent as text/plain", R"({"did_id": "999"})", rates_floor(), "text/plain");
  add("1,000-deep nesting beside a field",
      R"({"did_id": "999", "deep": )" + std::string(1000, '[') + std::string(1000, ']') + "}",
      taken());
  add(
      "1,000-deep objects",
      [] {
        std::string deep = R"({"did_id": "999", "d": )";
        for (int i = 0; i < 1000; ++i) deep += R"({"d": )";
        deep += "1";
        for (int i = 0; i < 1000; ++i) deep += "}";
        return deep + "}";
      }(),
      taken());
  add("60,000 unclosed brackets", std::string(60000, '['), rates_floor());
  add("60,000-deep nesting, closed", std::string(30000, '[') + std::string(30000, ']'),
      rates_floor());
  std::string keys = "{";
  for (int i = 0; i < 5000; ++i) keys += "\"k" + std::to_string(i) + "\":1,";
  add("5,000 keys", keys + "\"did_id\": \"999\"}", taken());
  return rows;
}

// Through nginx only, byte for byte: it decodes chunked bodies and refuses what it cannot parse.
inline std::vector<Row> chunked_rows() {
  const std::string group = "chunked and raw HTTP";
  const std::string head = "POST " + rates_uri() +
                           " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: "
                           "application/x-www-form-urlencoded\r\n";
  auto chunk = [](const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return std::string(size) + "\r\n" + data + "\r\n";
  };
  std::vector<std::pair<std::string, std::pair<std::string, Expect>>> raws = {
      {"a chunked body",
       {head + "Transfer-Encoding: chunked\r\n\r\n" + chunk("did_id=999") + "0\r\n\r\n", taken()}},
      {"a chunked body in 1-byte chunks",
       {head + "Transfer-Encoding: chunked\r\n\r\n" +
            [&] {
              std::string body;
              for (const char c : std::string("did_id=3&x=1")) {
                body += chunk(std::string(1, c));
              }
              return body;
            }() +
            "0\r\n\r\n",
        rates_floor()}},
      {"chunk extensions",
       {head + "Transfer-Encoding: chunked\r\n\r\n5;ext=\"x\"\r\nx=1&y\r\n0\r\n\r\n",
        rates_floor()}},
      {"a chunk size that is no number",
       {head + "Transfer-Encoding: chunked\r\n\r\nzz\r\nx\r\n0\r\n\r\n", page("Bad request", 400)}},
      {"a chunk size of 20 hex digits",
       {head + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nx\r\n0\r\n\r\n",
        page("Bad request", 400)}},
      {"chunks over 64 KiB",
       {head + "Transfer-Encoding: chunked\r\n\r\n" + chunk(std::string(40000, 'x')) +
            chunk(std::string(40000, 'x')) + "0\r\n\r\n",
        page("Request body is too large", 413)}},
      {"chunked and Content-Length",
       {head + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + chunk("x=1") +
            "0\r\n\r\n",
        page("Bad request", 400)}},
      {"Transfer-Encoding gzip",
       {head + "Transfer-Encoding: gzip\r\n\r\nxxxx", page("Not implemented", 501)}},
      {"HTTP/1.1 without Host",
       {"GET " + rates_uri() + " HTTP/1.1\r\nConnection: close\r\n\r\n", page("Bad request", 400)}},
      {"HTTP/2.0 in the request line",
       {"GET " + rates_uri() + " HTTP/2.0\r\n\r\n", page("HTTP version not supported", 505)}},
      {"a request line that is no request line", {"GARBAGE\r\n\r\n", page("Bad request", 400)}},
      {"a header without a colon",
       {"GET " + rates_uri() + " HTTP/1.0\r\nNoColon\r\n\r\n",
        rates_floor()}},  // nginx drops the line (ignore_invalid_headers)
      {"Content-Length not a number",
       {head + "Content-Length: abc\r\n\r\nx=1", page("Bad request", 400)}},
      {"two Content-Length headers",
       {head + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nx=1", page("Bad request", 400)}},
  };
  std::vector<Row> rows;
  for (auto& [name, request] : raws) {
    Row row = get_row(group, name, "", request.second);
    row.via = Via::nginx;
    row.raw = request.first;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace morapi::testing::hostile
