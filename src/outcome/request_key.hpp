#pragma once
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "http/params.hpp"

namespace morapi::outcome {

// A request id was refused; the message is the client's, in the method's error shape (SPEC 5).
struct KeyRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kInvalidRequestId = "Invalid request id";
inline constexpr const char* kKeyUsedWithOtherParameters =
    "Request id was already used with other parameters";

// The client's name for its request: the Idempotency-Key header or the request_id parameter,
// 1-64 characters of A-Z a-z 0-9 . _ : - (both sent, they must be equal). Nothing when neither
// is sent; KeyRefused(kInvalidRequestId) otherwise.
std::optional<std::string> request_key(const std::optional<std::string>& header,
                                       const Params& params);

// What "the same request" means for a key: SHA-256 of the method name and every decoded
// parameter but `hash`, `p` and `request_id` (a retry may be signed anew, and `p` is a secret).
std::string fingerprint(std::string_view method, const Params& params);

}  // namespace morapi::outcome
