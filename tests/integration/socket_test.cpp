// The FastCGI socket: who may connect to it (issue 7, item 12), and one morapi per socket path
// (item 14): a second one is refused while the first answers, a stale socket file is replaced,
// and a morapi that stops removes only the socket and pid file it made.
#define BOOST_TEST_MODULE socket
#include <boost/test/unit_test.hpp>

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "fixture.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

struct stat status_of(const std::string& path) {
  struct stat info {};
  BOOST_REQUIRE(::lstat(path.c_str(), &info) == 0);
  return info;
}

bool exists(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;
}

gid_t group_id(const char* name) {
  const group* found = ::getgrnam(name);
  BOOST_REQUIRE(found != nullptr);
  return found->gr_gid;
}

// Connects to the unix socket at path as user nobody with the given group, in a child process:
// 0 when it could, else the errno of connect().
int connect_as_nobody(const std::string& path, gid_t gid) {
  const passwd* nobody = ::getpwnam("nobody");
  BOOST_REQUIRE(nobody != nullptr);
  const uid_t uid = nobody->pw_uid;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  const pid_t child = ::fork();
  BOOST_REQUIRE(child >= 0);
  if (child == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) ::_exit(255);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::_exit(ok ? 0 : errno);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A socket file that nobody listens on, as a morapi that was killed leaves behind.
void make_stale_socket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  ::close(fd);
}

int health_status(const std::string& socket) {
  FcgiRequest request;
  request.uri = "/billing/api/_health";
  return fcgi_request(socket, request, 10s).status;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_socket_lets_in_its_group_not_every_local_user) {
  // Default: mode 0660, group www-data (nginx's user on Debian), when that group exists.
  Stack stack(1);
  const struct stat socket = status_of(stack.socket());
  BOOST_TEST((socket.st_mode & 07777) == 0660u);
  BOOST_TEST(socket.st_gid == group_id("www-data"));
  // The test's directory is root's own (0700): open its path, not the socket, to others.
  ::chmod(std::filesystem::path(stack.socket()).parent_path().c_str(), 0711);
  BOOST_TEST(connect_as_nobody(stack.socket(), group_id("www-data")) == 0);
  BOOST_TEST(connect_as_nobody(stack.socket(), group_id("nogroup")) == EACCES);
}

BOOST_AUTO_TEST_CASE(listen_group_and_listen_mode_are_kept) {
  Stack stack(1, {"--listen_group=nogroup", "--listen_mode=0600"});
  const struct stat socket = status_of(stack.socket());
  BOOST_TEST((socket.st_mode & 07777) == 0600u);
  BOOST_TEST(socket.st_gid == group_id("nogroup"));
}

BOOST_AUTO_TEST_CASE(an_unknown_listen_group_stops_the_start) {
  Stack stack(1);
  TempDir dir;
  auto command = stack.command();
  command.push_back("--listen=" + dir.file("other.sock"));
  command.push_back("--listen_group=no_such_group");
  Process other(command, dir.file("other.log"));
  const auto status = other.wait_exit(10s);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(WIFEXITED(*status));
  BOOST_TEST(WEXITSTATUS(*status) == 2);
  BOOST_TEST(
      read_file(dir.file("other.log")).find("listen_group: there is no group no_such_group") !=
      std::string::npos);
  BOOST_TEST(!exists(dir.file("other.sock")));
}

BOOST_AUTO_TEST_CASE(a_second_morapi_on_a_socket_in_use_is_refused) {
  Stack stack(1);
  const ino_t inode = status_of(stack.socket()).st_ino;
  TempDir dir;
  Process second(stack.command(), dir.file("second.log"));
  const auto status = second.wait_exit(10s);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(WIFEXITED(*status));
  BOOST_TEST(WEXITSTATUS(*status) == 2);
  BOOST_TEST(read_file(dir.file("second.log"))
                 .find("listen: " + stack.socket() +
                       " is in use: another process answers on it (another morapi?); not "
                       "starting") != std::string::npos);
  // The first one keeps its socket and serves.
  BOOST_TEST(status_of(stack.socket()).st_ino == inode);
  BOOST_TEST(health_status(stack.socket()) == 200);
  BOOST_TEST(stack.server().alive());
}

BOOST_AUTO_TEST_CASE(a_stale_socket_is_replaced_and_a_stopping_morapi_removes_only_its_own) {
  // The first morapi's socket file is replaced by a stale one (say the path was cleaned up and
  // a killed process left its socket there); a second morapi takes the path over. When the
  // first stops, the second's socket and pid file stay.
  TempDir dir;
  const std::string pid_file = dir.file("morapi.pid");
  Stack stack(1, {"--pid_file=" + pid_file});
  BOOST_TEST(read_file(pid_file) == std::to_string(stack.server().pid()) + "\n");
  ::unlink(stack.socket().c_str());
  make_stale_socket(stack.socket());
  Process second(stack.command(), dir.file("second.log"));
  BOOST_REQUIRE(
      wait_until([&] { return read_file(pid_file) == std::to_string(second.pid()) + "\n"; }, 10s));
  BOOST_REQUIRE(wait_until([&] { return children_of(second.pid()).size() == 1u; }, 10s));
  BOOST_TEST(health_status(stack.socket()) == 200);
  const ino_t inode = status_of(stack.socket()).st_ino;

  stack.server().signal(SIGTERM);
  BOOST_REQUIRE(stack.server().wait_exit(10s).has_value());
  BOOST_TEST(exists(stack.socket()));
  BOOST_TEST(status_of(stack.socket()).st_ino == inode);
  BOOST_TEST(read_file(pid_file) == std::to_string(second.pid()) + "\n");
  BOOST_TEST(health_status(stack.socket()) == 200);

  // The second removes both when it stops.
  second.signal(SIGTERM);
  BOOST_REQUIRE(second.wait_exit(10s).has_value());
  BOOST_TEST(!exists(stack.socket()));
  BOOST_TEST(!exists(pid_file));
}
