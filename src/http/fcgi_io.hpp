#pragma once
#include <memory>

#include "http/request.hpp"
#include "http/response.hpp"

namespace morapi {

// The one place that knows libfcgi: a worker accepts a request, reads it into a Request, writes
// a Response and finishes. Everything above works on Request/Response only.
class FcgiConnection {
 public:
  explicit FcgiConnection(int listen_fd);
  ~FcgiConnection();
  FcgiConnection(const FcgiConnection&) = delete;
  FcgiConnection& operator=(const FcgiConnection&) = delete;

  // Waits for the next request. False when interrupted by a signal (time to check for shutdown)
  // or when accept failed.
  bool accept();
  // Reads the request; a body longer than max_body is not read and is flagged instead.
  Request read_request(long max_body);
  void write(const Response& response);
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace morapi
