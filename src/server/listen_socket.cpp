#include "server/listen_socket.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace morapi::server {
namespace {

constexpr int kBacklog = 1024;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

int open_unix(const std::string& path, int mode) {
  sockaddr_un address{};
  if (path.size() >= sizeof(address.sun_path)) throw std::runtime_error("socket path too long");
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  struct stat existing {};
  if (lstat(path.c_str(), &existing) == 0) {
    if (!S_ISSOCK(existing.st_mode)) throw std::runtime_error(path + " exists and is no socket");
    unlink(path.c_str());
  }
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) fail("socket");
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) < 0) {
    close(fd);
    fail("bind " + path);
  }
  chmod(path.c_str(), static_cast<mode_t>(mode));
  return fd;
}

int open_tcp(const std::string& host, const std::string& port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) throw std::runtime_error("resolve " + host + ": " + gai_strerror(rc));
  const int fd = socket(found->ai_family, SOCK_STREAM, 0);
  if (fd < 0) {
    freeaddrinfo(found);
    fail("socket");
  }
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  const int bound = bind(fd, found->ai_addr, found->ai_addrlen);
  freeaddrinfo(found);
  if (bound < 0) {
    close(fd);
    fail("bind " + host + ":" + port);
  }
  return fd;
}

}  // namespace

int open_listen_socket(const std::string& address, int mode) {
  const size_t colon = address.rfind(':');
  const bool is_tcp = address.find('/') == std::string::npos && colon != std::string::npos;
  const int fd = is_tcp ? open_tcp(address.substr(0, colon), address.substr(colon + 1))
                        : open_unix(address, mode);
  if (listen(fd, kBacklog) < 0) {
    close(fd);
    fail("listen " + address);
  }
  return fd;
}

}  // namespace morapi::server
