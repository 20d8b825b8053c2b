#include "auth/signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <vector>

#include "auth/digest.hpp"

namespace morapi::auth {
namespace {

constexpr size_t kMinNonce = 8;
constexpr size_t kMaxNonce = 64;
constexpr size_t kMaxTimestampDigits = 12;
constexpr size_t kSignatureLength = 64;

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool is_nonce_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool all_of(std::string_view text, bool (*accept)(unsigned char)) {
  return std::all_of(text.begin(), text.end(),
                     [accept](char c) { return accept(static_cast<unsigned char>(c)); });
}

bool is_decimal(unsigned char c) {
  return c >= '0' && c <= '9';
}

bool is_lower_hex(unsigned char c) {
  return is_decimal(c) || (c >= 'a' && c <= 'f');
}

bool is_field_param(std::string_view name) {
  return name == kTimestampParam || name == kNonceParam || name == kSignatureParam;
}

}  // namespace

std::optional<StrongFields> strong_fields(const Request& request, const Params& params) {
  const auto& headers = request.strong_signature;
  if (headers.timestamp || headers.nonce || headers.signature) {
    return StrongFields{headers.timestamp.value_or(""), headers.nonce.value_or(""),
                        headers.signature.value_or(""), false};
  }
  const std::string* ts = params.find(kTimestampParam);
  const std::string* nonce = params.find(kNonceParam);
  const std::string* signature = params.find(kSignatureParam);
  if (!ts && !nonce && !signature) return std::nullopt;
  return StrongFields{ts ? *ts : "", nonce ? *nonce : "", signature ? *signature : "", true};
}

bool well_formed(const StrongFields& fields) {
  return fields.nonce.size() >= kMinNonce && fields.nonce.size() <= kMaxNonce &&
         all_of(fields.nonce, is_nonce_char) && !fields.timestamp.empty() &&
         fields.timestamp.size() <= kMaxTimestampDigits && all_of(fields.timestamp, is_decimal) &&
         fields.signature.size() == kSignatureLength && all_of(fields.signature, is_lower_hex);
}

std::string rfc3986_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_unreserved(byte)) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0f];
    }
  }
  return out;
}

std::string canonical_string(std::string_view http_method, std::string_view api_method,
                             const StrongFields& fields, const Params& params) {
  std::vector<std::string> lines;
  lines.reserve(params.all().size());
  for (const auto& [name, value] : params.all()) {
    if (name == "hash" || (fields.from_params && is_field_param(name))) continue;
    lines.push_back(rfc3986_encode(name) + "=" + rfc3986_encode(value));
  }
  std::sort(lines.begin(), lines.end());  // std::string's < compares bytes as unsigned char
  std::string text;
  text.append(http_method).append("\n").append(api_method).append("\n");
  text.append(fields.timestamp).append("\n").append(fields.nonce);
  for (const std::string& line : lines) text.append("\n").append(line);
  return text;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest, &size);
  return hex(digest, size);
}

bool signature_matches(std::string_view key, std::string_view http_method,
                       std::string_view api_method, const StrongFields& fields,
                       const Params& params) {
  if (key.empty() || !well_formed(fields)) return false;
  const std::string text = canonical_string(http_method, api_method, fields, params);
  return constant_time_equal(hmac_sha256_hex(key, text), fields.signature);
}

}  // namespace morapi::auth
