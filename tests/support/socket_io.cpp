#include "support/socket_io.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace morapi::testing::detail {

namespace {

int milliseconds_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

// Non-blocking connect; unix sockets answer EAGAIN while the backlog is full, so retry.
Socket connect_address(int family, const sockaddr* address, socklen_t length,
                       const std::string& name, Clock::time_point deadline) {
  while (true) {
    Socket socket(::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (socket.fd() < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    if (::connect(socket.fd(), address, length) == 0) return socket;
    int error = errno;
    if (error == EINPROGRESS) {
      pollfd pfd{socket.fd(), POLLOUT, 0};
      if (::poll(&pfd, 1, milliseconds_left(deadline)) == 1) {
        socklen_t size = sizeof error;
        ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &size);
        if (error == 0) return socket;
      } else {
        error = ETIMEDOUT;
      }
    }
    if (error != EAGAIN || Clock::now() >= deadline) {
      throw std::runtime_error("cannot connect to " + name + ": " + std::strerror(error));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

Socket connect_to(const std::string& address, Clock::time_point deadline) {
  std::string path = address.starts_with("unix:") ? address.substr(5) : address;
  if (path.find('/') != std::string::npos) {
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    if (path.size() >= sizeof un.sun_path)
      throw std::runtime_error("socket path too long: " + path);
    std::memcpy(un.sun_path, path.c_str(), path.size() + 1);
    return connect_address(AF_UNIX, reinterpret_cast<sockaddr*>(&un), sizeof un, address, deadline);
  }
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("not a path or host:port: " + address);
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int status = ::getaddrinfo(host.c_str(), address.c_str() + colon + 1, &hints, &found);
  if (status != 0) {
    throw std::runtime_error("cannot resolve " + address + ": " + ::gai_strerror(status));
  }
  try {
    Socket socket =
        connect_address(found->ai_family, found->ai_addr, found->ai_addrlen, address, deadline);
    ::freeaddrinfo(found);
    return socket;
  } catch (...) {
    ::freeaddrinfo(found);
    throw;
  }
}

std::string exchange(const Socket& socket, const std::string& request, Clock::time_point deadline,
                     const std::function<bool(const std::string&)>& done, bool& eof) {
  std::string received;
  size_t written = 0;
  bool writing = !request.empty();
  eof = false;
  while (!eof && !done(received)) {
    int left = milliseconds_left(deadline);
    if (left == 0) throw std::runtime_error("timed out waiting for the server");
    pollfd pfd{socket.fd(), static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0};
    int count = ::poll(&pfd, 1, left);
    if (count < 0 && errno != EINTR) {
      throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    if (count <= 0) continue;
    if (writing && (pfd.revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n =
          ::send(socket.fd(), request.data() + written, request.size() - written, MSG_NOSIGNAL);
      if (n > 0) written += static_cast<size_t>(n);
      // A server may close without reading everything; what it said is still worth reading.
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == request.size()) {
        writing = false;
      }
    }
    if (pfd.revents & (POLLIN | POLLERR | POLLHUP)) {
      char buffer[65536];
      ssize_t n = ::recv(socket.fd(), buffer, sizeof buffer, 0);
      if (n > 0) {
        received.append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        eof = true;  // a reset counts as the end too: the caller judges what it got
      }
    }
  }
  return received;
}

}  // namespace morapi::testing::detail
