#pragma once
#include <string>
#include <utility>
#include <vector>

namespace morapi {

struct Response {
  int status = 200;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// The reason phrase for the few statuses morapi sends.
const char* status_text(int status);

}  // namespace morapi
