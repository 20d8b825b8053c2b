#pragma once

namespace morapi {

// A time limit on talking to one peer. When it passes, the SIGALRM handler shuts the
// connection down both ways: the read or write libfcgi is blocked in returns, and so does every
// later one (its lingering close included, which reads until the peer stops sending), so no loop
// in libfcgi can outlast the limit and no interrupted read is started again. One per process.
class IoDeadline {
 public:
  IoDeadline();  // installs the SIGALRM handler
  ~IoDeadline();
  IoDeadline(const IoDeadline&) = delete;
  IoDeadline& operator=(const IoDeadline&) = delete;

  // From now, `fd` has `seconds` (0: no limit) before it is shut down.
  void start(int fd, int seconds);
  // No limit any more: call before the descriptor is closed or handed to anything else.
  void stop();
  // Whether a limit is running.
  bool running() const;
  // Whether the last limit passed (the connection was shut down).
  bool expired() const;
};

}  // namespace morapi
