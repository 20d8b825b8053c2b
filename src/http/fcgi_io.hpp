#pragma once
#include <chrono>
#include <memory>
#include <optional>

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
  using Clock = std::chrono::steady_clock;

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

  // Instead of write() and finish(): the answer goes out at `due`, from answer_due(), and the
  // connection is free for the next accept() at once (a failed login past the abuse limit waits
  // without holding the worker). At most 256 are held; one more sends the one due first now.
  void hold(Response response, Clock::time_point due);
  // When the next held answer is due; nothing when none is held.
  std::optional<Clock::time_point> next_due() const;
  // Sends and closes every held answer due by `now`, or every one.
  void answer_due(Clock::time_point now);
  void answer_all();
  size_t held() const;
  // Whether the last accept() failed because its peer was too slow to send a request's head.
  bool timed_out() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace morapi
