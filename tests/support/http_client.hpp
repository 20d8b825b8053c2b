#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "support/http_response.hpp"

namespace morapi::testing {

// One HTTP/1.0 request with "Connection: close" (so the answer is never chunked and ends at
// EOF), as a plain client of nginx would send it. Host and Content-Length are added unless
// given in headers. Throws std::runtime_error on connect failure, a malformed or truncated
// answer, or when timeout passes.
HttpResponse http_request(const std::string& host, int port, const std::string& method,
                          const std::string& target, const std::string& body = "",
                          const std::vector<std::pair<std::string, std::string>>& headers = {},
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Sends `request` byte for byte (for requests nginx must refuse: a bad chunked body, headers or
// a URI over its buffers) and parses the answer, read until the server closes. Throws like
// http_request.
HttpResponse http_raw(const std::string& host, int port, const std::string& request,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace morapi::testing
