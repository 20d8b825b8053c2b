#pragma once
#include <stdexcept>
#include <string>

namespace morapi::api {

// Where an error was found: by the checks MOR runs as filters before a method (login, hash,
// access), or by the method itself. Each endpoint says how either looks (api/routes.cpp).
enum class ErrorStage { before_method, method };

// A method's answer that is an error: MESSAGE goes to the client in the endpoint's shape for
// `stage`, with HTTP 200, the way MOR answers. `detail` is for the log only.
struct ApiError : std::runtime_error {
  explicit ApiError(const std::string& message, std::string detail = "")
      : std::runtime_error(message), detail(std::move(detail)) {}

  // An error of the checks that run before the method.
  static ApiError before_method(const std::string& message) {
    ApiError error(message);
    error.stage = ErrorStage::before_method;
    return error;
  }

  std::string detail;
  ErrorStage stage = ErrorStage::method;
};

}  // namespace morapi::api
