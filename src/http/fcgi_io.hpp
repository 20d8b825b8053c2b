#pragma once
#include <memory>

#include "http/request.hpp"
#include "http/response.hpp"

namespace morapi {

// The one place that knows libfcgi: a worker accepts a request, reads it into a Request, writes
// a Response and finishes. Everything above works on Request/Response only.
//
// The peer gets io_timeout seconds to send its request (from the accept to the end of the body)
// and io_timeout seconds to take the answer (from the first byte written to the close); then the
// connection is shut down, whatever libfcgi is waiting for. Every connection carries one request:
// a peer's FCGI_KEEP_CONN is not honoured, since an idle kept connection would hold the worker.
class FcgiConnection {
 public:
  FcgiConnection(int listen_fd, int io_timeout);
  ~FcgiConnection();
  FcgiConnection(const FcgiConnection&) = delete;
  FcgiConnection& operator=(const FcgiConnection&) = delete;

  // Takes a waiting connection and reads its request's head. False when none was waiting
  // (another worker took it) or the peer sent no valid head in time (see timed_out()).
  bool accept();
  // Reads the request; a body longer than max_body is not read and is flagged instead.
  Request read_request(long max_body);
  void write(const Response& response);
  // Ends the request and closes the connection.
  void finish();
  // Whether the last accept() failed because its peer was too slow to send a request's head.
  bool timed_out() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace morapi
