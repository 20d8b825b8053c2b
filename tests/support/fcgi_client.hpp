#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "support/http_response.hpp"

namespace morapi::testing {

// One request as nginx would pass it to morapi over FastCGI.
struct FcgiRequest {
  std::string method = "GET";
  std::string uri;  // path?query, e.g. /billing/api/did_create?u=admin
  std::string body;
  std::string content_type;
  // Sent as HTTP_<UPPER_UNDERSCORED> params, e.g. Accept-Encoding -> HTTP_ACCEPT_ENCODING.
  std::map<std::string, std::string> headers;
  std::string remote_addr = "127.0.0.1";
  // Added last; they replace any param of the same name set from the fields above.
  std::map<std::string, std::string> extra_params;
};

// Everything the server sent back for one request.
struct FcgiResult {
  std::string stdout_data;  // the CGI response: headers, blank line, body
  std::string stderr_data;
  std::uint32_t app_status = 0;
  std::uint8_t protocol_status = 0;  // 0 = FCGI_REQUEST_COMPLETE
};

// address: a unix socket path or "host:port". Each call is one connection and one request
// (id 1, no keep-alive), like nginx without fastcgi_keep_conn. Throws std::runtime_error on
// connect failure, on EOF before FCGI_END_REQUEST, or when timeout passes.
FcgiResult fcgi_exchange(const std::string& address, const FcgiRequest& request,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The bytes nginx would send for request: BEGIN_REQUEST (with FCGI_KEEP_CONN when keep_conn, as
// nginx's fastcgi_keep_conn does), PARAMS, STDIN. For tests that send them at their own pace.
std::string encode_fcgi_request(const FcgiRequest& request, bool keep_conn = false);

// Takes the complete records of received from offset parsed on into result (parsed moves past
// them); true once FCGI_END_REQUEST was taken.
bool read_fcgi_records(const std::string& received, size_t& parsed, FcgiResult& result);

// The CGI response parsed: "Status: 404 Not Found" gives 404, no Status gives 200.
HttpResponse fcgi_request(const std::string& address, const FcgiRequest& request,
                          std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The raw FCGI_STDOUT bytes (headers and body), to compare byte for byte with nginx.
std::string fcgi_raw(const std::string& address, const FcgiRequest& request,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30));

// Parses a CGI response (header lines ending in \r\n or \n, a blank line, the body).
// Throws std::runtime_error if the blank line is missing.
HttpResponse parse_cgi_response(const std::string& raw);

}  // namespace morapi::testing
