#pragma once

#include <chrono>
#include <functional>
#include <string>

// Plumbing shared by fcgi_client and http_client; tests should not need it.
namespace morapi::testing::detail {

using Clock = std::chrono::steady_clock;

// An owned, non-blocking, connected stream socket.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Connects to a unix socket path ("/run/x.sock" or "unix:/run/x.sock") or "host:port".
// Throws std::runtime_error if that fails or takes past deadline (a full listen backlog).
Socket connect_to(const std::string& address, Clock::time_point deadline);

// Writes request while reading the answer, so a server that answers (say 413) without
// reading the whole body does not deadlock us, and a reset while writing still lets us read
// what it said. Reads until EOF or until done(received) is true. Throws std::runtime_error
// past deadline. eof tells whether the peer closed.
std::string exchange(const Socket& socket, const std::string& request, Clock::time_point deadline,
                     const std::function<bool(const std::string&)>& done, bool& eof);

}  // namespace morapi::testing::detail
