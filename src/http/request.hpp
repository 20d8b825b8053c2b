#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace morapi {

// The X-Morapi-Timestamp, X-Morapi-Nonce and X-Morapi-Signature headers (auth/signature.hpp).
struct SignatureHeaders {
  std::optional<std::string> timestamp;
  std::optional<std::string> nonce;
  std::optional<std::string> signature;
};

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
  // When nginx received it (its $msec, MORAPI_RECEIVED_AT), and nginx's $request_id
  // (MORAPI_REQUEST_ID): empty from a peer that sends neither.
  std::string received_at;
  std::string nginx_request_id;
  std::optional<std::string> idempotency_key;  // the Idempotency-Key header
  SignatureHeaders strong_signature;
  // When the worker accepted the connection: the deadline's start without nginx's time.
  std::optional<std::chrono::steady_clock::time_point> accepted_at;
  bool body_too_large = false;  // the body was over the limit and was not read
  bool incomplete = false;      // the body ended before CONTENT_LENGTH (peer gone or too slow)
};

}  // namespace morapi
