#pragma once
#include <stdexcept>
#include <string>

namespace morapi::api {

// A method's answer that is an error: MESSAGE goes to the client as
// <page><status><error>MESSAGE</error></status></page> with HTTP 200, the way MOR answers.
// `detail` is for the log only.
struct ApiError : std::runtime_error {
  explicit ApiError(const std::string& message, std::string detail = "")
      : std::runtime_error(message), detail(std::move(detail)) {}
  std::string detail;
};

}  // namespace morapi::api
