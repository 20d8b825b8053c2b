#include "server/listen_socket.hpp"

#include <arpa/inet.h>
#include <grp.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "util/log.hpp"

namespace morapi::server {
namespace {

constexpr int kBacklog = 1024;

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

std::runtime_error in_use(const std::string& path) {
  return std::runtime_error("listen: " + path +
                            " is in use: another process answers on it (another morapi?); not "
                            "starting");
}

sockaddr_un unix_address(const std::string& path) {
  sockaddr_un address{};
  if (path.size() >= sizeof(address.sun_path)) throw std::runtime_error("socket path too long");
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  return address;
}

// Whether a process accepts connections on the socket file at path. A refused connection means
// a stale file; an error that does not tell (say EACCES) stops the start.
bool answers(const sockaddr_un& address, const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket");
  const int rc = connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  const int error = rc == 0 ? 0 : errno;
  close(fd);
  if (error == 0 || error == EAGAIN) return true;  // EAGAIN: alive, its backlog full
  if (error == ECONNREFUSED || error == ENOENT) return false;
  throw std::runtime_error("listen: cannot tell whether " + path +
                           " is in use: " + std::strerror(error) + "; not starting");
}

// The group the socket is given: -1 to keep the process's. Only the default group may be
// missing (hosts without nginx's Debian group).
gid_t socket_group(const std::string& name) {
  if (name.empty()) return static_cast<gid_t>(-1);
  if (const group* found = getgrnam(name.c_str())) return found->gr_gid;
  if (name == Config{}.listen_group) {
    log::warn("listen_group: there is no group " + name + "; the socket keeps morapi's group");
    return static_cast<gid_t>(-1);
  }
  throw std::runtime_error("listen_group: there is no group " + name);
}

// Whether path still names the file of that device and inode (not one made there since).
bool is_same_file(const std::string& path, dev_t device, ino_t inode) {
  struct stat now {};
  return lstat(path.c_str(), &now) == 0 && now.st_ino == inode && now.st_dev == device;
}

// Replaces a stale socket file; refuses one that a live process answers on.
void clear_path(const sockaddr_un& address, const std::string& path) {
  struct stat existing {};
  if (lstat(path.c_str(), &existing) != 0) return;
  if (!S_ISSOCK(existing.st_mode)) throw std::runtime_error(path + " exists and is no socket");
  if (answers(address, path)) throw in_use(path);
  // Still the file that was found stale (not one a morapi starting beside us has just made).
  if (is_same_file(path, existing.st_dev, existing.st_ino)) unlink(path.c_str());
}

int open_unix(const std::string& path, const Config& config, struct stat& made) {
  const sockaddr_un address = unix_address(path);
  const gid_t group = socket_group(config.listen_group);
  clear_path(address, path);
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail("socket");
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) < 0) {
    const int error = errno;
    close(fd);
    if (error == EADDRINUSE) throw in_use(path);  // made between our look and our bind
    errno = error;
    fail("bind " + path);
  }
  lstat(path.c_str(), &made);
  // Mode and group before listen(): until then nobody can connect, whatever the mode was.
  std::string failed;
  if (chmod(path.c_str(), static_cast<mode_t>(config.listen_mode)) != 0) {
    failed = "listen_mode: cannot set the mode of " + path;
  } else if (group != static_cast<gid_t>(-1) &&
             chown(path.c_str(), static_cast<uid_t>(-1), group) != 0) {
    const std::string what = "listen_group: cannot give " + path + " to group " +
                             config.listen_group + " (run morapi in that group, or as root)";
    if (config.listen_group != Config{}.listen_group) {
      failed = what;
    } else {
      log::warn(what + ": " + std::strerror(errno) + "; it keeps morapi's group");
    }
  }
  if (!failed.empty()) {
    const int error = errno;
    unlink(path.c_str());
    close(fd);
    errno = error;
    fail(failed);
  }
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
  const int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
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

ListenSocket::ListenSocket(const Config& config) {
  const std::string& address = config.listen;
  const size_t colon = address.rfind(':');
  const bool is_tcp = address.find('/') == std::string::npos && colon != std::string::npos;
  if (is_tcp) {
    fd_ = open_tcp(address.substr(0, colon), address.substr(colon + 1));
  } else {
    struct stat made {};
    fd_ = open_unix(address, config, made);
    path_ = address;
    device_ = made.st_dev;
    inode_ = made.st_ino;
  }
  if (listen(fd_, kBacklog) < 0) {
    const int error = errno;
    release();
    errno = error;
    fail("listen " + address);
  }
}

ListenSocket::~ListenSocket() {
  release();
}

void ListenSocket::release() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (!path_.empty() && is_same_file(path_, device_, inode_)) unlink(path_.c_str());
  path_.clear();
}

}  // namespace morapi::server
