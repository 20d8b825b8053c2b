// application/json bodies (src/http/json_body.cpp). Invariants: no exception escapes on any
// body; sanitised names and values are XML-safe UTF-8; an object built from the input (string
// members, and numbers as their text) parses back to exactly those members, numbers keeping
// the text sent.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>

#include "fuzz_support.hpp"
#include "http/params.hpp"
#include "util/utf8.hpp"

namespace {

using namespace morapi;

// A JSON number as text: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
std::string json_number(FuzzedDataProvider& provider) {
  std::string out = provider.ConsumeBool() ? "-" : "";
  const uint64_t integer = provider.ConsumeIntegral<uint64_t>();
  out += std::to_string(integer);
  if (provider.ConsumeBool()) out += "." + std::to_string(provider.ConsumeIntegral<uint16_t>());
  if (provider.ConsumeBool()) out += "e" + std::to_string(provider.ConsumeIntegral<uint8_t>());
  return out;
}

void check_round_trip(FuzzedDataProvider& provider) {
  std::map<std::string, std::string> expected;
  std::string body = "{";
  const int members = provider.ConsumeIntegralInRange<int>(0, 8);
  for (int i = 0; i < members; ++i) {
    const std::string name = sanitize_utf8(provider.ConsumeRandomLengthString(32));
    const bool number = provider.ConsumeBool();
    const std::string value =
        number ? json_number(provider) : sanitize_utf8(provider.ConsumeRandomLengthString(128));
    if (i > 0) body += ",";
    body += nlohmann::json(name).dump() + ":" + (number ? value : nlohmann::json(value).dump());
    expected[name] = value;  // a repeated name: the last one wins
  }
  body += "}";
  Params params;
  parse_json_object(body, params);
  fuzz::require(params.all().size() == expected.size(), "json: every member, once", body);
  for (const auto& [name, value] : expected) {
    fuzz::require(params.get(name, "<absent>") == value, "json: a member comes back as sent", body);
  }
}

}  // namespace

// Every input is first a body as it is (so the seed corpus holds plain JSON bodies), then the
// source of a generated object.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    Request request;
    request.content_type = "application/json";
    request.body = body;
    const Params params = collect_params(request);
    for (const auto& [name, value] : params.all()) {
      fuzz::require(fuzz::is_xml_safe_utf8(sanitize_utf8(name)), "json: name UTF-8", name);
      fuzz::require(fuzz::is_xml_safe_utf8(sanitize_utf8(value)), "json: value UTF-8", value);
    }
  } catch (...) {
    fuzz::invariant_failed("json parsing threw", body);
  }
  FuzzedDataProvider provider(data, size);
  check_round_trip(provider);
  return 0;
}
