#include "http/params.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace morapi {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The media type without parameters, lowercased: "multipart/form-data; boundary=x" -> ...
std::string media_type(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.back()))) {
    type.remove_suffix(1);
  }
  while (!type.empty() && std::isspace(static_cast<unsigned char>(type.front()))) {
    type.remove_prefix(1);
  }
  return lower(type);
}

// Value of a `key=value` or `key="value"` parameter in a header such as Content-Type, or
// nullopt when the header has no such parameter (`filename=""` is there, and empty).
std::optional<std::string> header_parameter(std::string_view header, std::string_view key) {
  const std::string lowered = lower(header);
  size_t pos = 0;
  while ((pos = lowered.find(key, pos)) != std::string::npos) {
    const bool starts =
        pos == 0 || lowered[pos - 1] == ';' || lowered[pos - 1] == ' ' || lowered[pos - 1] == '\t';
    const size_t after = pos + key.size();
    if (starts && after < lowered.size() && lowered[after] == '=') {
      std::string_view value = header.substr(after + 1);
      if (!value.empty() && value.front() == '"') {
        value.remove_prefix(1);
        return std::string(value.substr(0, value.find('"')));
      }
      value = value.substr(0, value.find(';'));
      while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
        value.remove_suffix(1);
      }
      return std::string(value);
    }
    pos = after;
  }
  return std::nullopt;
}

}  // namespace

const std::string* Params::find(std::string_view name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::string Params::get(std::string_view name, std::string_view fallback) const {
  const std::string* value = find(name);
  return value ? *value : std::string(fallback);
}

std::string form_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

void parse_urlencoded(std::string_view text, Params& out) {
  while (!text.empty()) {
    const size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    if (!pair.empty()) {
      const size_t eq = pair.find('=');
      std::string name = form_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : form_decode(pair.substr(eq + 1));
      if (!name.empty()) out.set(std::move(name), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
}

void parse_multipart(std::string_view body, std::string_view content_type, Params& out) {
  const std::string boundary = header_parameter(content_type, "boundary").value_or("");
  if (boundary.empty()) return;
  const std::string delimiter = "--" + boundary;
  size_t pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return;  // closing delimiter
    const size_t headers_start = body.find('\n', pos);
    if (headers_start == std::string_view::npos) return;
    const size_t next = body.find(delimiter, headers_start);
    if (next == std::string_view::npos) return;
    // The blank line that ends this part's headers: the first CRLF CRLF or LF LF of the part,
    // whichever comes first. (Looking for CRLF CRLF first, anywhere in the body, took a later
    // value holding one for the headers of an LF-only part: found by fuzz_multipart.)
    const std::string_view part = body.substr(0, next);
    const size_t crlf = part.find("\r\n\r\n", headers_start);
    const size_t lf = part.find("\n\n", headers_start);
    if (crlf == std::string_view::npos && lf == std::string_view::npos) {
      pos = next;  // no blank line: the part holds no field
      continue;
    }
    const size_t headers_end = std::min(crlf, lf);
    const size_t content_start = headers_end + (lf < crlf ? 2 : 4);
    std::string_view content = body.substr(content_start, next - content_start);
    // The line break before the delimiter belongs to the delimiter.
    if (content.ends_with("\r\n")) {
      content.remove_suffix(2);
    } else if (content.ends_with("\n")) {
      content.remove_suffix(1);
    }
    const std::string_view headers = body.substr(headers_start, headers_end - headers_start);
    std::string disposition;
    for (size_t line_start = 0; line_start < headers.size();) {
      const size_t line_end = std::min(headers.find('\n', line_start), headers.size());
      const std::string_view line = headers.substr(line_start, line_end - line_start);
      if (lower(line.substr(0, 20)).starts_with("content-disposition:")) {
        disposition = std::string(line.substr(20));
      }
      line_start = line_end + 1;
    }
    const std::string name = header_parameter(disposition, "name").value_or("");
    // A file part has a filename parameter (RFC 7578 §4.2; `filename*` is RFC 5987's form). A
    // field whose name merely contains "filename" (MOR's filename_x) is a plain field.
    const bool is_file = header_parameter(disposition, "filename").has_value() ||
                         header_parameter(disposition, "filename*").has_value();
    if (!name.empty() && !is_file) out.set(name, std::string(content));
    pos = next;
  }
}

Params collect_params(const Request& request) {
  Params params;
  parse_urlencoded(request.query_string, params);
  if (request.body.empty()) return params;
  const std::string type = media_type(request.content_type);
  if (type == "application/x-www-form-urlencoded") {
    parse_urlencoded(request.body, params);
  } else if (type == "multipart/form-data") {
    parse_multipart(request.body, request.content_type, params);
  } else if (type == "application/json") {
    parse_json_object(request.body, params);
  }
  return params;
}

}  // namespace morapi
