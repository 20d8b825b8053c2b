#include "support/http_client.hpp"

#include <strings.h>

#include <algorithm>
#include <stdexcept>

#include "support/socket_io.hpp"

namespace morapi::testing {

namespace {

bool has_header(const std::vector<std::pair<std::string, std::string>>& headers, const char* name) {
  return std::any_of(headers.begin(), headers.end(), [name](const auto& header) {
    return ::strcasecmp(header.first.c_str(), name) == 0;
  });
}

HttpResponse parse_http_response(const std::string& raw, bool head) {
  size_t header_end = raw.find("\r\n\r\n");
  if (header_end == std::string::npos) {
    throw std::runtime_error("HTTP answer without end of headers:\n" + raw);
  }
  HttpResponse response;
  size_t line_end = raw.find("\r\n");
  std::string status_line = raw.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  size_t space = status_line.find(' ');
  if (!status_line.starts_with("HTTP/") || space == std::string::npos) {
    throw std::runtime_error("bad HTTP status line: " + status_line);
  }
  try {
    response.status = std::stoi(status_line.substr(space + 1));
  } catch (const std::exception&) {
    throw std::runtime_error("bad HTTP status line: " + status_line);
  }
  size_t position = line_end + 2;
  while (position < header_end + 2) {
    line_end = raw.find("\r\n", position);
    std::string line = raw.substr(position, line_end - position);
    position = line_end + 2;
    size_t colon = line.find(':');
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    value.erase(0, std::min(value.find_first_not_of(" \t"), value.size()));
    response.headers.emplace_back(line.substr(0, colon), std::move(value));
  }
  response.body = raw.substr(header_end + 4);
  // EOF is the only end marker of HTTP/1.0, so a connection dropped early would otherwise
  // pass for a short body.
  std::string length = response.header("Content-Length");
  if (!head && !length.empty() && response.body.size() != std::stoul(length)) {
    throw std::runtime_error("HTTP body of " + std::to_string(response.body.size()) +
                             " bytes, Content-Length says " + length);
  }
  return response;
}

}  // namespace

HttpResponse http_request(const std::string& host, int port, const std::string& method,
                          const std::string& target, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          std::chrono::milliseconds timeout) {
  const auto deadline = detail::Clock::now() + timeout;
  std::string request = method + " " + target + " HTTP/1.0\r\n";
  if (!has_header(headers, "Host"))
    request += "Host: " + host + ":" + std::to_string(port) + "\r\n";
  request += "Connection: close\r\n";
  if (!has_header(headers, "Content-Length") && (!body.empty() || method != "GET")) {
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  request += body;

  detail::Socket socket = detail::connect_to(host + ":" + std::to_string(port), deadline);
  bool eof = false;
  std::string raw = detail::exchange(
      socket, request, deadline, [](const std::string&) { return false; }, eof);
  return parse_http_response(raw, method == "HEAD");
}

HttpResponse http_raw(const std::string& host, int port, const std::string& request,
                      std::chrono::milliseconds timeout) {
  const auto deadline = detail::Clock::now() + timeout;
  detail::Socket socket = detail::connect_to(host + ":" + std::to_string(port), deadline);
  bool eof = false;
  std::string raw = detail::exchange(
      socket, request, deadline, [](const std::string&) { return false; }, eof);
  return parse_http_response(raw, request.starts_with("HEAD "));
}

}  // namespace morapi::testing
