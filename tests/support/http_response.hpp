#pragma once

#include <string>
#include <utility>
#include <vector>

namespace morapi::testing {

// An HTTP answer, from nginx (http_client) or straight from the FastCGI server (fcgi_client).
struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, as received
  std::string body;

  // The value of the first header called name (case-insensitive), "" if absent.
  std::string header(const std::string& name) const;
};

}  // namespace morapi::testing
