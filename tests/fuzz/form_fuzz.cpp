// Query strings and application/x-www-form-urlencoded bodies (src/http/params.cpp). Invariants:
// decoding never throws; no parameter has an empty name; every name and value is XML-safe
// UTF-8 after sanitising; form_decode never grows its text; percent-encoding any bytes and
// decoding them gives the bytes back; a body field wins over the same query field.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

#include "fuzz_support.hpp"
#include "http/params.hpp"
#include "util/utf8.hpp"

namespace {

std::string percent_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : bytes) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace morapi;
  FuzzedDataProvider provider(data, size);
  Request request;
  request.query_string = provider.ConsumeRandomLengthString(4096);
  request.content_type = "application/x-www-form-urlencoded";
  request.body = provider.ConsumeRemainingBytesAsString();

  try {
    const Params params = collect_params(request);
    for (const auto& [name, value] : params.all()) {
      fuzz::require(!name.empty(), "no parameter has an empty name", request.query_string);
      fuzz::require(fuzz::is_xml_safe_utf8(sanitize_utf8(name)), "sanitised name is UTF-8", name);
      fuzz::require(fuzz::is_xml_safe_utf8(sanitize_utf8(value)), "sanitised value is UTF-8",
                    value);
    }
    Params body_only;
    parse_urlencoded(request.body, body_only);
    for (const auto& [name, value] : body_only.all()) {
      fuzz::require(params.get(name) == value, "a body field wins over the query", name);
    }
  } catch (...) {
    fuzz::invariant_failed("form decoding threw", request.query_string);
  }

  const std::string decoded = form_decode(request.body);
  fuzz::require(decoded.size() <= request.body.size(), "form_decode never grows", request.body);
  fuzz::require(form_decode(percent_encode(request.body)) == request.body,
                "form_decode(percent_encode(x)) == x", request.body);
  if (request.body.find_first_of("%+") == std::string::npos) {
    fuzz::require(decoded == request.body, "text without % or + decodes to itself", request.body);
  }
  return 0;
}
