#include "support/http_response.hpp"

#include <strings.h>

namespace morapi::testing {

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (::strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return "";
}

}  // namespace morapi::testing
