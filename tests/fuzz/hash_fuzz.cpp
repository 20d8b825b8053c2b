// MOR's hash construction (src/auth/hash_order.cpp, src/auth/hash_check.cpp) over random
// parameter sets, mostly names of MOR's global order with values of any bytes. Invariants, for
// distinct names: the hash string, a method list's string and hash_matches do not depend on
// the order the parameters arrive in, nor on which of them come in the query and which in the
// body; a name outside MOR's order never changes the string; a wrong hash never matches.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <vector>

#include "auth/digest.hpp"
#include "auth/hash_check.hpp"
#include "auth/hash_order.hpp"
#include "fuzz_support.hpp"

namespace {

using namespace morapi;
using Pair = std::pair<std::string, std::string>;

std::string percent_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : bytes) out += {'%', kHex[c >> 4], kHex[c & 0xF]};
  return out;
}

std::string urlencoded(const std::vector<Pair>& pairs, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (!out.empty()) out += '&';
    out += percent_encode(pairs[i].first) + "=" + percent_encode(pairs[i].second);
  }
  return out;
}

// The parameters as a worker collects them: pairs[0, split) in the query, the rest in the body.
Params arrive(const std::vector<Pair>& pairs, size_t split) {
  Request request;
  request.query_string = urlencoded(pairs, 0, split);
  request.content_type = "application/x-www-form-urlencoded";
  request.body = urlencoded(pairs, split, pairs.size());
  return collect_params(request);
}

bool is_mor_name(std::string_view name) {
  const auto order = auth::mor_hash_order();
  return std::any_of(order.begin(), order.end(),
                     [&](const auth::HashField& field) { return field.name == name; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  const auto order = auth::mor_hash_order();
  std::vector<Pair> pairs;
  std::set<std::string> names;
  const int count = provider.ConsumeIntegralInRange<int>(1, 24);
  for (int i = 0; i < count && provider.remaining_bytes() > 0; ++i) {
    std::string name =
        provider.ConsumeIntegralInRange<int>(0, 7) == 0
            ? provider.ConsumeRandomLengthString(16)
            : std::string(order[provider.ConsumeIntegralInRange<size_t>(0, order.size() - 1)].name);
    if (name.empty() || name == "hash" || !names.insert(name).second) continue;
    pairs.emplace_back(std::move(name), provider.ConsumeRandomLengthString(24));
  }
  const std::string secret = provider.ConsumeRandomLengthString(16);
  const size_t split = provider.ConsumeIntegralInRange<size_t>(0, pairs.size());
  const size_t rotation = provider.ConsumeIntegralInRange<size_t>(0, pairs.size());

  const Params first = arrive(pairs, pairs.size());
  const std::string expected = auth::mor_order_string(first);
  std::array<std::string_view, 3> list_names = {"device_id", "user_id", "name"};
  const std::string expected_list = auth::method_list_string(first, list_names);
  const std::string good_hash = auth::sha1_hex(expected + secret);

  std::vector<Pair> shuffled = pairs;
  std::rotate(shuffled.begin(), shuffled.begin() + static_cast<ptrdiff_t>(rotation),
              shuffled.end());
  if (provider.ConsumeBool()) std::reverse(shuffled.begin(), shuffled.end());
  const std::string detail = urlencoded(shuffled, 0, shuffled.size());
  for (const Params& params : {arrive(shuffled, split), arrive(shuffled, 0), arrive(pairs, 0)}) {
    fuzz::require(auth::mor_order_string(params) == expected,
                  "hash string does not depend on arrival order", detail);
    fuzz::require(auth::method_list_string(params, list_names) == expected_list,
                  "method list string does not depend on arrival order", detail);
    Params signed_params = params;
    signed_params.set("hash", good_hash);
    const std::vector<std::string> secrets = {secret};
    const std::array<auth::HashRule, 1> rules = {auth::HashRule::mor_order()};
    fuzz::require(auth::hash_matches(signed_params, rules, secrets),
                  "the right hash matches in any order", detail);
    signed_params.set("hash", std::string(40, good_hash[0] == '0' ? '1' : '0'));
    fuzz::require(!auth::hash_matches(signed_params, rules, secrets), "a wrong hash never matches",
                  detail);
  }
  // An extra parameter MOR does not list never counts.
  const std::string extra = "x_" + provider.ConsumeRandomLengthString(8);
  if (!is_mor_name(extra) && !names.count(extra)) {
    Params more = first;
    more.set(extra, provider.ConsumeRemainingBytesAsString());
    fuzz::require(auth::mor_order_string(more) == expected, "unlisted names never count", extra);
  }
  return 0;
}
