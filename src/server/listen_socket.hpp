#pragma once
#include <sys/types.h>

#include <string>

#include "config/config.hpp"

namespace morapi::server {

// The FastCGI listening socket: config.listen, a unix socket path or host:port.
//
// A unix socket is made with listen_mode and listen_group. A socket file that a live process
// answers on is refused (a second morapi must not take the path over); a stale one, which
// nobody answers on, is replaced. The file is removed when this object goes, but only if it
// still is the one made here: a morapi that took the path over later keeps its socket.
class ListenSocket {
 public:
  // Throws std::runtime_error saying what failed.
  explicit ListenSocket(const Config& config);
  ~ListenSocket();
  ListenSocket(const ListenSocket&) = delete;
  ListenSocket& operator=(const ListenSocket&) = delete;

  int fd() const { return fd_; }

 private:
  // Closes the socket and removes its file if that is still the one made here.
  void release();

  int fd_ = -1;
  std::string path_;  // empty for TCP
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace morapi::server
