#include "outcome/request_key.hpp"

#include <algorithm>
#include <array>

#include "auth/digest.hpp"

namespace morapi::outcome {
namespace {

constexpr size_t kMaxKeyLength = 64;
// The strong signature's fields change with every retry; the request stays the same.
constexpr std::array<std::string_view, 6> kNotFingerprinted = {
    "hash", "p", "request_id", "morapi_ts", "morapi_nonce", "morapi_signature"};

bool is_key_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

bool is_valid_key(const std::string& key) {
  return !key.empty() && key.size() <= kMaxKeyLength &&
         std::all_of(key.begin(), key.end(), is_key_character);
}

// Length-prefixed, so that no two parameter lists give the same text.
void append_field(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

}  // namespace

std::optional<std::string> request_key(const std::optional<std::string>& header,
                                       const Params& params) {
  const std::string* parameter = params.find("request_id");
  if (!header && !parameter) return std::nullopt;
  if (header && parameter && *header != *parameter) throw KeyRefused(kInvalidRequestId);
  const std::string& key = header ? *header : *parameter;
  if (!is_valid_key(key)) throw KeyRefused(kInvalidRequestId);
  return key;
}

std::string fingerprint(std::string_view method, const Params& params) {
  std::string text;
  append_field(text, method);
  for (const auto& [name, value] : params.all()) {  // sorted by name
    if (std::find(kNotFingerprinted.begin(), kNotFingerprinted.end(), name) !=
        kNotFingerprinted.end()) {
      continue;
    }
    append_field(text, name);
    append_field(text, value);
  }
  return auth::sha256_hex(text);
}

}  // namespace morapi::outcome
