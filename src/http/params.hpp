#pragma once
#include <map>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace morapi {

// The request's parameters: raw decoded bytes (hashes are computed over these). A missing
// parameter and an empty one are different things: use find() or has() to tell them apart.
class Params {
 public:
  void set(std::string name, std::string value) { values_[std::move(name)] = std::move(value); }
  bool has(std::string_view name) const { return values_.find(name) != values_.end(); }
  const std::string* find(std::string_view name) const;
  // The value, or `fallback` when the parameter is absent.
  std::string get(std::string_view name, std::string_view fallback = "") const;
  const std::map<std::string, std::string, std::less<>>& all() const { return values_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Form decoding: '+' is a space, %XX a byte; an invalid escape stays as literal text.
std::string form_decode(std::string_view text);
// `a=1&b=2` pairs; a name without '=' has an empty value; a repeated name keeps its last value.
void parse_urlencoded(std::string_view text, Params& out);
// Plain fields of a multipart/form-data body; file parts are ignored.
void parse_multipart(std::string_view body, std::string_view content_type, Params& out);
// One flat JSON object (json_body.cpp): strings as JSON decodes them, numbers and booleans as
// the text sent (`1.50` stays `1.50`, `1e3` stays `1e3`), null as absent, nested values
// ignored. A body that does not parse, or is not an object, contributes nothing.
void parse_json_object(std::string_view body, Params& out);

// Query string first, then the body by its content type, so body fields win.
Params collect_params(const Request& request);

}  // namespace morapi
