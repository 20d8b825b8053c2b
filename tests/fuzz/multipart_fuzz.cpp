// multipart/form-data bodies (src/http/params.cpp). Two halves:
// - any body, its boundary taken from its first line: never throws, no empty names, sanitised names
// and values
//   are XML-safe UTF-8;
// - a well-formed body built from the input (simple field names, values of any bytes that do
//   not hold the delimiter, some parts files): parsing it gives back exactly the plain fields,
//   the last one winning; file parts are left out.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <map>

#include "fuzz_support.hpp"
#include "http/params.hpp"
#include "util/utf8.hpp"

namespace {

using namespace morapi;

void check_any_body(const std::string& body, const std::string& content_type) {
  try {
    Params params;
    parse_multipart(body, content_type, params);
    for (const auto& [name, value] : params.all()) {
      fuzz::require(!name.empty(), "multipart: no empty name", body);
      fuzz::require(fuzz::is_xml_safe_utf8(sanitize_utf8(name)), "multipart: name UTF-8", name);
      fuzz::require(fuzz::is_xml_safe_utf8(sanitize_utf8(value)), "multipart: value UTF-8", value);
    }
  } catch (...) {
    fuzz::invariant_failed("multipart parsing threw", body);
  }
}

// Letters, digits and '_' only, so a name needs no quoting and cannot hold the delimiter.
std::string field_name(FuzzedDataProvider& provider) {
  static constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyz_0123456789";
  std::string name = provider.ConsumeBool() ? "filename" : "";  // MOR names such as filename_x
  const size_t length = provider.ConsumeIntegralInRange<size_t>(name.empty() ? 1 : 0, 12);
  for (size_t i = 0; i < length; ++i) {
    name += kChars[provider.ConsumeIntegralInRange<size_t>(0, kChars.size() - 1)];
  }
  return name;
}

void check_round_trip(FuzzedDataProvider& provider) {
  const std::string boundary = "----b" + std::to_string(provider.ConsumeIntegral<uint32_t>()) + "x";
  const std::string delimiter = "--" + boundary;
  const std::string line_break = provider.ConsumeBool() ? "\r\n" : "\n";
  std::map<std::string, std::string> expected;
  std::string body;
  const int parts = provider.ConsumeIntegralInRange<int>(0, 8);
  for (int i = 0; i < parts; ++i) {
    const std::string name = field_name(provider);
    const bool file = provider.ConsumeIntegralInRange<int>(0, 3) == 0;
    const std::string value = provider.ConsumeRandomLengthString(256);
    if (value.find(delimiter) != std::string::npos) return;
    // With LF line breaks, a value ending in CR is ambiguous: the parser takes the CR LF before
    // the delimiter for the line break (as RFC 7578 writes it) and the value loses its CR.
    if (line_break == "\n" && value.ends_with('\r')) return;
    body += delimiter + line_break + "Content-Disposition: form-data; name=\"" + name + "\"";
    if (file) body += "; filename=\"f.txt\"" + line_break + "Content-Type: text/plain";
    body += line_break + line_break + value + line_break;
    if (!file) expected[name] = value;
  }
  body += delimiter + "--" + line_break;

  Params params;
  parse_multipart(body, "multipart/form-data; boundary=" + boundary, params);
  fuzz::require(params.all().size() == expected.size(), "multipart: every plain field, once", body);
  for (const auto& [name, value] : expected) {
    const std::string* got = params.find(name);
    fuzz::require(got != nullptr, "multipart: a plain field is kept", name);
    fuzz::require(*got == value, "multipart: a value comes back byte for byte", body);
  }
}

}  // namespace

// Every input is first a body as it is, its boundary taken from its first line (so the seed
// corpus holds plain multipart bodies), then the source of a generated body.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  std::string boundary = body.substr(0, body.find_first_of("\r\n"));
  if (boundary.starts_with("--")) boundary.erase(0, 2);
  check_any_body(body, "multipart/form-data; boundary=" + boundary);
  check_any_body(body, "multipart/form-data; boundary=\"" + boundary + "\"");
  FuzzedDataProvider provider(data, size);
  check_round_trip(provider);
  return 0;
}
