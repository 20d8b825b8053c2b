#pragma once
#include <string>

namespace morapi {

// What a worker knows of one HTTP request, independent of FastCGI (tests build these directly).
struct Request {
  std::string http_method;  // "GET", "POST", ...
  std::string path;         // /billing/api/did_create
  std::string request_uri;  // path and query as the client sent them (for logs; redacted there)
  std::string query_string;
  std::string content_type;
  std::string body;
  std::string remote_addr;
  std::string accept_encoding;
  bool body_too_large = false;  // the body was over the limit and was not read
  bool incomplete = false;      // the body ended before CONTENT_LENGTH (peer gone or too slow)
};

}  // namespace morapi
