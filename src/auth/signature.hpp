#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "http/params.hpp"
#include "http/request.hpp"

namespace morapi::auth {

// morapi's strong signature (README "Strong signatures"): HMAC-SHA256 over the HTTP method, the
// API method, a timestamp, a nonce and every parameter by name, so that nothing can be moved,
// added, replayed or left unsigned. Opt-in per owner; MOR's SHA1 hash has none of this.
struct StrongFields {
  std::string timestamp;  // unix seconds, as sent
  std::string nonce;
  std::string signature;     // lowercase hex HMAC-SHA256
  bool from_params = false;  // morapi_ts/morapi_nonce/morapi_signature rather than headers
};

// The parameter names that carry the fields for clients that cannot set headers.
inline constexpr std::string_view kTimestampParam = "morapi_ts";
inline constexpr std::string_view kNonceParam = "morapi_nonce";
inline constexpr std::string_view kSignatureParam = "morapi_signature";

// The fields of a request: from the X-Morapi-* headers when any of them is sent, else from the
// parameters when any of those is sent, else nothing (the request is not strongly signed). A
// field that is missing from its source is empty (and fails well_formed()).
std::optional<StrongFields> strong_fields(const Request& request, const Params& params);

// Nonce 8-64 of [A-Za-z0-9_-]; timestamp 1-12 digits; signature 64 lowercase hex digits.
bool well_formed(const StrongFields& fields);

// RFC 3986 percent-encoding: every byte but A-Z a-z 0-9 - . _ ~ as %XX (uppercase hex).
std::string rfc3986_encode(std::string_view bytes);

// The signed text: HTTP method, API method, timestamp, nonce, then NAME=VALUE for every
// parameter except `hash` (and the three fields, when they came as parameters), encoded,
// sorted bytewise; joined by "\n", no trailing newline.
std::string canonical_string(std::string_view http_method, std::string_view api_method,
                             const StrongFields& fields, const Params& params);

// Lowercase hex HMAC-SHA256 of `text` keyed with `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view text);

// Whether `fields.signature` is the HMAC of the canonical string under `key`, compared in
// constant time. An empty key never matches.
bool signature_matches(std::string_view key, std::string_view http_method,
                       std::string_view api_method, const StrongFields& fields,
                       const Params& params);

}  // namespace morapi::auth
