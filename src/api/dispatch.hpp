#pragma once
#include <chrono>
#include <string>

#include "api/context.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace morapi::api {

// What the request log line says beyond the request itself.
struct Outcome {
  std::string method;  // API method name, "-" when none
  std::string caller;  // `u`, "-" when none
  // How long the worker holds the answer before it goes out (ApiContext::answer_delay).
  std::chrono::milliseconds answer_delay{0};
};

// The whole path of one request: limits, routing, the common checks, the endpoint, and the one
// place where failures become answers. Never throws.
Response dispatch(const Request& request, Services& services, Outcome& outcome);

// The segment right after "api/" in the path: /billing/api/did_create -> did_create.
std::string method_name(const std::string& path);

}  // namespace morapi::api
