#pragma once
// One hostile request and what it must get (issue 9, part 2). Every row is sent through nginx
// (the shipped site config) and straight over FastCGI, unless it says otherwise; after each the
// runner (hostile_test.cpp) checks the status, the exact body, the headers, that the body parses
// as MOR-shaped XML, that the one worker still runs with the same pid, and that no table but
// the row's `changes` changed.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fixture.hpp"
#include "hostile/sign.hpp"

namespace morapi::testing::hostile {

// What an answer must be.
struct Expect {
  int status = 200;
  std::string body;  // exact, unless `contains`
  bool contains = false;
  bool attachment = true;  // Content-Disposition: attachment (false: absent, as with test=1)
  bool allow = false;      // Allow: GET, POST (405)
};

enum class Via { both, fcgi, nginx };

struct Row {
  std::string group;
  std::string name;
  std::string method = "GET";
  std::string uri;  // path?query, sent as is
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  Expect expect;                // over FastCGI, and through nginx unless `nginx` says
  std::optional<Expect> nginx;  // nginx answers this itself (its limits)
  Via via = Via::both;
  std::string raw;                            // nginx only: these bytes instead of the above
  std::map<std::string, std::string> params;  // FastCGI only: params set as given (last)
  std::set<std::string> changes;              // tables that must change; every other must not
  // SQL (a scalar) and the exact value it must read after the row.
  std::vector<std::pair<std::string, std::string>> stored;
};

inline std::string declaration() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

// The shapes of SPEC §3 and §4.2.
inline Expect page(const std::string& message, int status = 200) {
  return {status, page_error(message)};
}
inline Expect status_only(const std::string& message, int status = 200) {
  return {status, status_error(message)};
}
inline Expect cc_error(const std::string& message) {
  return {200, declaration() + "<page>\n  <error>" + message + "</error>\n</page>\n"};
}
inline Expect success(const std::string& message) {
  return {200, page_success(message)};
}
inline Expect not_allowed() {
  Expect e = page("Method not allowed", 405);
  e.allow = true;
  return e;
}
inline Expect inline_answer(Expect e) {
  e.attachment = false;
  return e;
}

inline Row get_row(std::string group, std::string name, std::string uri, Expect expect) {
  Row row;
  row.group = std::move(group);
  row.name = std::move(name);
  row.uri = std::move(uri);
  row.expect = std::move(expect);
  return row;
}

inline Row post_row(std::string group, std::string name, std::string uri, std::string body,
                    std::string content_type, Expect expect) {
  Row row = get_row(std::move(group), std::move(name), std::move(uri), std::move(expect));
  row.method = "POST";
  row.body = std::move(body);
  row.content_type = std::move(content_type);
  return row;
}

}  // namespace morapi::testing::hostile
