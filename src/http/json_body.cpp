// The parameters of an application/json body (SPEC §1). nlohmann's SAX interface is used instead
// of its DOM because a DOM keeps a number only as a double or a 64-bit integer: `1.50` would be
// hashed as `1.5`, `1e3` would become the valid amount `1000.0`, and a 25-digit number would lose
// digits. Here every scalar keeps the text the client sent.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>

#include "http/params.hpp"

namespace morapi {
namespace {

using Json = nlohmann::json;

// Collects the top-level members of one object; a member whose last value is null, an object
// or an array is absent.
class TopLevelMembers : public nlohmann::json_sax<Json> {
 public:
  std::map<std::string, std::optional<std::string>> members;

  bool null() override { return scalar(std::nullopt); }
  bool boolean(bool value) override { return scalar(value ? "true" : "false"); }
  // JSON integers have no leading zeros or '+', so the decimal rendering is the sent text; only
  // a negative zero comes as a signed integer 0 (a plain 0 is unsigned).
  bool number_integer(number_integer_t value) override {
    return scalar(value == 0 ? "-0" : std::to_string(value));
  }
  bool number_unsigned(number_unsigned_t value) override { return scalar(std::to_string(value)); }
  // Fractions, exponents and integers beyond 64 bits come here, with the text as sent.
  bool number_float(number_float_t, const string_t& text) override { return scalar(text); }
  bool string(string_t& value) override { return scalar(std::move(value)); }
  bool binary(binary_t&) override { return scalar(std::nullopt); }

  bool start_object(std::size_t) override { return open(/*object=*/true); }
  bool start_array(std::size_t) override { return open(/*object=*/false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& name) override {
    if (depth_ == 1) key_ = std::move(name);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

  bool is_object() const { return top_is_object_; }

 private:
  bool scalar(std::optional<std::string> value) {
    if (depth_ == 1) members[key_] = std::move(value);
    return true;
  }
  bool open(bool object) {
    if (depth_ == 0) {
      top_is_object_ = object;
    } else if (depth_ == 1) {
      members[key_] = std::nullopt;  // a nested value is ignored, and replaces an earlier one
    }
    ++depth_;
    return true;
  }
  bool close() {
    --depth_;
    return true;
  }

  int depth_ = 0;
  bool top_is_object_ = false;
  std::string key_;
};

}  // namespace

void parse_json_object(std::string_view body, Params& out) {
  TopLevelMembers sax;
  // Strict: the whole body must be one JSON value; anything that does not parse adds nothing.
  if (!Json::sax_parse(body, &sax, nlohmann::detail::input_format_t::json, /*strict=*/true)) {
    return;
  }
  if (!sax.is_object()) return;
  for (auto& [name, value] : sax.members) {
    if (value) out.set(name, std::move(*value));
  }
}

}  // namespace morapi
