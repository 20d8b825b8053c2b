#include "support/fcgi_client.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "support/socket_io.hpp"

namespace morapi::testing {

namespace {

// Record types and limits from the FastCGI 1.0 specification.
constexpr unsigned char kBeginRequest = 1;
constexpr unsigned char kEndRequest = 3;
constexpr unsigned char kParams = 4;
constexpr unsigned char kStdin = 5;
constexpr unsigned char kStdout = 6;
constexpr unsigned char kStderr = 7;
constexpr unsigned char kResponder = 1;
constexpr size_t kHeaderSize = 8;
constexpr size_t kMaxContent = 65535;
constexpr unsigned kRequestId = 1;

void append_record(std::string& out, unsigned char type, std::string_view content) {
  // Padded to a multiple of 8 bytes, as nginx does, so the server's padding code runs too.
  size_t padding = (8 - content.size() % 8) % 8;
  out += static_cast<char>(1);  // version
  out += static_cast<char>(type);
  out += static_cast<char>(kRequestId >> 8);
  out += static_cast<char>(kRequestId & 0xff);
  out += static_cast<char>(content.size() >> 8);
  out += static_cast<char>(content.size() & 0xff);
  out += static_cast<char>(padding);
  out += '\0';  // reserved
  out.append(content);
  out.append(padding, '\0');
}

// A stream (PARAMS or STDIN): content in records of at most 65535 bytes, then an empty one.
void append_stream(std::string& out, unsigned char type, const std::string& data) {
  for (size_t offset = 0; offset < data.size(); offset += kMaxContent) {
    append_record(out, type, std::string_view(data).substr(offset, kMaxContent));
  }
  append_record(out, type, {});
}

void append_length(std::string& out, size_t length) {
  if (length < 128) {
    out += static_cast<char>(length);
    return;
  }
  out += static_cast<char>(((length >> 24) & 0x7f) | 0x80);
  out += static_cast<char>((length >> 16) & 0xff);
  out += static_cast<char>((length >> 8) & 0xff);
  out += static_cast<char>(length & 0xff);
}

std::string header_param_name(const std::string& header) {
  std::string name = "HTTP_";
  for (char c : header) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

// The params nginx's fastcgi_params (and its request-header passing) would send.
std::map<std::string, std::string> cgi_params(const FcgiRequest& request) {
  size_t question = request.uri.find('?');
  std::string path = request.uri.substr(0, question);
  std::string query = question == std::string::npos ? "" : request.uri.substr(question + 1);
  // nginx's $content_length is empty when the request had no Content-Length header.
  std::string content_length =
      request.body.empty() && request.method == "GET" ? "" : std::to_string(request.body.size());
  std::map<std::string, std::string> params = {
      {"REQUEST_METHOD", request.method},
      {"QUERY_STRING", query},
      {"REQUEST_URI", request.uri},
      {"DOCUMENT_URI", path},
      {"SCRIPT_NAME", path},
      {"CONTENT_TYPE", request.content_type},
      {"CONTENT_LENGTH", content_length},
      {"SERVER_PROTOCOL", "HTTP/1.1"},
      {"REQUEST_SCHEME", "http"},
      {"GATEWAY_INTERFACE", "CGI/1.1"},
      {"SERVER_SOFTWARE", "nginx/1.22.1"},
      {"REMOTE_ADDR", request.remote_addr},
      {"REMOTE_PORT", "54321"},
      {"SERVER_ADDR", "127.0.0.1"},
      {"SERVER_PORT", "80"},
      {"SERVER_NAME", "localhost"},
      {"HTTP_HOST", "localhost"},
  };
  // A real client sends these as headers too, and nginx passes them on.
  if (!request.content_type.empty()) params["HTTP_CONTENT_TYPE"] = request.content_type;
  if (!content_length.empty()) params["HTTP_CONTENT_LENGTH"] = content_length;
  for (const auto& [name, value] : request.headers) params[header_param_name(name)] = value;
  for (const auto& [name, value] : request.extra_params) params[name] = value;
  return params;
}

unsigned byte_at(const std::string& data, size_t index) {
  return static_cast<unsigned char>(data[index]);
}

}  // namespace

std::string encode_fcgi_request(const FcgiRequest& request, bool keep_conn) {
  std::string out;
  const char begin[8] = {0, static_cast<char>(kResponder), static_cast<char>(keep_conn ? 1 : 0)};
  append_record(out, kBeginRequest, std::string_view(begin, sizeof begin));
  std::string params;
  for (const auto& [name, value] : cgi_params(request)) {
    append_length(params, name.size());
    append_length(params, value.size());
    params += name;
    params += value;
  }
  append_stream(out, kParams, params);
  append_stream(out, kStdin, request.body);
  return out;
}

bool read_fcgi_records(const std::string& received, size_t& parsed, FcgiResult& result) {
  while (received.size() - parsed >= kHeaderSize) {
    size_t length = byte_at(received, parsed + 4) << 8 | byte_at(received, parsed + 5);
    size_t padding = byte_at(received, parsed + 6);
    if (received.size() - parsed < kHeaderSize + length + padding) return false;
    unsigned type = byte_at(received, parsed + 1);
    std::string_view content(received.data() + parsed + kHeaderSize, length);
    parsed += kHeaderSize + length + padding;
    if (type == kStdout) {
      result.stdout_data.append(content);
    } else if (type == kStderr) {
      result.stderr_data.append(content);
    } else if (type == kEndRequest && length >= 5) {
      result.app_status = static_cast<std::uint32_t>(content[0] & 0xff) << 24 |
                          static_cast<std::uint32_t>(content[1] & 0xff) << 16 |
                          static_cast<std::uint32_t>(content[2] & 0xff) << 8 |
                          static_cast<std::uint32_t>(content[3] & 0xff);
      result.protocol_status = static_cast<std::uint8_t>(content[4]);
      return true;
    }
  }
  return false;
}

FcgiResult fcgi_exchange(const std::string& address, const FcgiRequest& request,
                         std::chrono::milliseconds timeout) {
  const auto deadline = detail::Clock::now() + timeout;
  detail::Socket socket = detail::connect_to(address, deadline);
  FcgiResult result;
  size_t parsed = 0;  // records before this offset are already in result
  bool ended = false;
  auto consume = [&](const std::string& received) {
    ended = ended || read_fcgi_records(received, parsed, result);
    return ended;
  };
  bool eof = false;
  detail::exchange(socket, encode_fcgi_request(request), deadline, consume, eof);
  if (!ended) {
    throw std::runtime_error("FastCGI connection to " + address +
                             " closed before FCGI_END_REQUEST; stdout so far:\n" +
                             result.stdout_data + "\nstderr:\n" + result.stderr_data);
  }
  return result;
}

std::string fcgi_raw(const std::string& address, const FcgiRequest& request,
                     std::chrono::milliseconds timeout) {
  return fcgi_exchange(address, request, timeout).stdout_data;
}

HttpResponse fcgi_request(const std::string& address, const FcgiRequest& request,
                          std::chrono::milliseconds timeout) {
  return parse_cgi_response(fcgi_raw(address, request, timeout));
}

HttpResponse parse_cgi_response(const std::string& raw) {
  HttpResponse response;
  response.status = 200;
  size_t position = 0;
  while (true) {
    size_t end = raw.find('\n', position);
    if (end == std::string::npos) {
      throw std::runtime_error("CGI response without the blank line after its headers:\n" + raw);
    }
    std::string line = raw.substr(position, end - position);
    position = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    value.erase(0, std::min(value.find_first_not_of(" \t"), value.size()));
    if (name.size() == 6 && std::equal(name.begin(), name.end(), "status", [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      try {
        response.status = std::stoi(value);
      } catch (const std::exception&) {
        throw std::runtime_error("bad CGI Status header: " + line);
      }
    }
    response.headers.emplace_back(std::move(name), std::move(value));
  }
  response.body = raw.substr(position);
  return response;
}

}  // namespace morapi::testing
