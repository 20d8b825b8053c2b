// Strong signatures (src/auth/signature.cpp) and IP allow lists (src/auth/allow_list.cpp) over
// random input. Invariants: the canonical string has exactly one line per parameter after its
// four, every parameter line decodes back to the name and value it came from, and it does not
// depend on the order parameters arrive in; the right HMAC verifies and a changed value, method
// or nonce never does; an allow list never crashes, and a list naming an address allows it.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <vector>

#include "auth/allow_list.hpp"
#include "auth/signature.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace morapi;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 decoding, strict: only unreserved bytes and %XX with uppercase hex may appear.
bool strict_decode(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return false;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' ||
               c == '~') {
      out += c;
    } else {
      return false;
    }
  }
  return true;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return lines;
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  std::vector<std::pair<std::string, std::string>> pairs;
  std::set<std::string> names;
  const int count = provider.ConsumeIntegralInRange<int>(0, 16);
  for (int i = 0; i < count && provider.remaining_bytes() > 0; ++i) {
    std::string name = provider.ConsumeRandomLengthString(12);
    if (name == "hash" || !names.insert(name).second) continue;
    pairs.emplace_back(std::move(name), provider.ConsumeRandomLengthString(24));
  }
  auth::StrongFields fields;
  fields.timestamp = std::to_string(provider.ConsumeIntegralInRange<int64_t>(0, 999999999999));
  fields.nonce = "nonce_00" + std::to_string(provider.ConsumeIntegral<uint32_t>());
  const std::string key = "k" + provider.ConsumeRandomLengthString(16);
  const size_t rotation = provider.ConsumeIntegralInRange<size_t>(0, pairs.size());

  Params params;
  for (const auto& [name, value] : pairs) params.set(name, value);
  const std::string text = auth::canonical_string("POST", "cc_by_cli", fields, params);
  const auto lines = lines_of(text);
  fuzz::require(lines.size() == 4 + pairs.size(), "one line per parameter", text);
  fuzz::require(std::is_sorted(lines.begin() + 4, lines.end()), "parameter lines sorted", text);
  std::set<std::pair<std::string, std::string>> decoded;
  for (size_t i = 4; i < lines.size(); ++i) {
    const size_t equals = lines[i].find('=');
    std::string name, value;
    fuzz::require(equals != std::string::npos &&
                      strict_decode(std::string_view(lines[i]).substr(0, equals), name) &&
                      strict_decode(std::string_view(lines[i]).substr(equals + 1), value),
                  "a line is NAME=VALUE, RFC 3986 encoded", lines[i]);
    decoded.emplace(name, value);
  }
  fuzz::require(
      decoded == std::set<std::pair<std::string, std::string>>(pairs.begin(), pairs.end()),
      "the lines decode to the parameters", text);

  std::vector<std::pair<std::string, std::string>> rotated = pairs;
  std::rotate(rotated.begin(), rotated.begin() + static_cast<ptrdiff_t>(rotation), rotated.end());
  Params again;
  for (const auto& [name, value] : rotated) again.set(name, value);
  fuzz::require(auth::canonical_string("POST", "cc_by_cli", fields, again) == text,
                "arrival order does not matter", text);

  fields.signature = auth::hmac_sha256_hex(key, text);
  fuzz::require(auth::signature_matches(key, "POST", "cc_by_cli", fields, params),
                "the right signature verifies", text);
  fuzz::require(!auth::signature_matches(key, "GET", "cc_by_cli", fields, params),
                "another HTTP method does not", text);
  auth::StrongFields other_nonce = fields;
  other_nonce.nonce += "x";
  fuzz::require(!auth::signature_matches(key, "POST", "cc_by_cli", other_nonce, params),
                "another nonce does not", text);
  if (!pairs.empty()) {
    Params changed = params;
    changed.set(pairs[0].first, pairs[0].second + "0");
    fuzz::require(!auth::signature_matches(key, "POST", "cc_by_cli", fields, changed),
                  "a changed value does not", text);
  }

  const std::string list = provider.ConsumeRandomLengthString(64);
  const std::string address = provider.ConsumeRemainingBytesAsString();
  auth::address_allowed(list, address);
  auth::has_entries(list);
  if (auth::address_allowed(address, address)) {
    fuzz::require(auth::address_allowed(list + "," + address, address),
                  "adding an allowed address to a list keeps it allowed", address);
  }
  return 0;
}
