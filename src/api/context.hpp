#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/directory.hpp"
#include "auth/user.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "http/params.hpp"
#include "http/request.hpp"

namespace morapi::api {

// Limits the `actions` rows written for wrong hashes: one per client address per second.
class HashFailureLimiter {
 public:
  bool allow(const std::string& client, int64_t now_seconds);
  int64_t suppressed() const { return suppressed_; }

 private:
  std::unordered_map<std::string, int64_t> last_;
  int64_t suppressed_ = 0;
};

// What a worker keeps between requests.
struct Services {
  const Config& config;
  db::Database& database;
  auth::Directory& directory;
  HashFailureLimiter hash_failures;
};

// One request as an endpoint sees it.
struct ApiContext {
  const Request& request;
  const Params& params;
  Services& services;
  const auth::Settings& settings;
  std::string_view method;           // the API method's name (strong signatures cover it)
  std::optional<auth::User> caller;  // the user named by `u`, if any
  // How long the answer waits before it goes out (a failed login or hash past the abuse
  // limit, auth/limits.hpp); the worker holds it meanwhile instead of waiting.
  std::chrono::milliseconds answer_delay{0};
};

}  // namespace morapi::api
