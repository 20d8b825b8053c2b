#include "support/nginx.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>

#include "support/paths.hpp"
#include "support/socket_io.hpp"

namespace morapi::testing {

namespace {

bool accepts_connections(int port) {
  try {
    detail::connect_to("127.0.0.1:" + std::to_string(port),
                       detail::Clock::now() + std::chrono::seconds(1));
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

// A daemonized master is not our child: it is gone when kill() finds no such process or it is
// a zombie waiting for init (which in a container may never reap it).
bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z';
}

pid_t pid_from_file(const std::string& path) {
  try {
    return std::stoi(read_file(path));
  } catch (const std::exception&) {
    return -1;
  }
}

bool config_sets_daemon(const std::string& config) {
  static const std::regex daemon_directive(R"((^|[;{}\n])\s*daemon\s)");
  return std::regex_search(config, daemon_directive);
}

}  // namespace

Nginx::Nginx(const std::string& morapi_socket, int port) : port_(port) {
  const std::string script = source_dir() + "/deploy/render-nginx.sh";
  if (::access(script.c_str(), F_OK) != 0) throw std::runtime_error("missing " + script);
  // Run it through bash if the executable bit got lost on the way.
  std::vector<std::string> render = {script, dir(), "127.0.0.1:" + std::to_string(port),
                                     morapi_socket};
  if (::access(script.c_str(), X_OK) != 0) render.insert(render.begin(), "bash");
  auto rendered = run_command(render);
  if (rendered.exit_code != 0) {
    throw std::runtime_error(script + " failed:\n" + rendered.output);
  }
  const std::string config = dir_.file("nginx.conf");
  // Keep nginx in the foreground when the config does not say otherwise, so it is our child:
  // we see it die and reap it. "-e stderr" puts errors before the config is read into our log.
  std::vector<std::string> argv = {"nginx", "-c", config, "-p", dir(), "-e", "stderr"};
  if (!config_sets_daemon(read_file(config))) {
    argv.push_back("-g");
    argv.push_back("daemon off;");
  }
  process_.emplace(argv, dir_.file("nginx.out"));
  bool ready = wait_until(
      [&] {
        // A daemonizing nginx exits 0 once its master runs; any other exit is a failure.
        if (!process_->alive()) {
          auto status = process_->wait_exit(std::chrono::milliseconds(0));
          if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0) return true;
        }
        return accepts_connections(port);
      },
      std::chrono::seconds(10), std::chrono::milliseconds(20));
  if (!ready || !accepts_connections(port)) {
    stop();
    throw std::runtime_error("nginx did not come up on port " + std::to_string(port) + ":\n" +
                             log());
  }
  master_ = process_->alive() ? process_->pid() : pid_from_file(dir_.file("nginx.pid"));
}

Nginx::~Nginx() {
  stop();
}

std::string Nginx::log() const {
  std::string result = "--- nginx output\n" + read_file(dir_.file("nginx.out"));
  std::error_code ignored;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir(), ignored)) {
    std::string name = entry.path().filename();
    if (entry.is_regular_file() && name.find("error") != std::string::npos &&
        name.ends_with(".log")) {
      result += "--- " + entry.path().string() + "\n" + read_file(entry.path());
    }
  }
  return result;
}

void Nginx::stop() noexcept {
  if (process_ && process_->alive()) {
    process_->signal(SIGQUIT);
    if (!process_->wait_exit(std::chrono::seconds(10))) process_->stop();
  } else {
    // Even a failed start may have left a daemonized master behind. A pid file can be stale
    // and its pid reused, so only a process started with our config counts.
    if (master_ <= 0) master_ = pid_from_file(dir_.file("nginx.pid"));
    std::string command_line = read_file("/proc/" + std::to_string(master_) + "/cmdline");
    if (command_line.find(dir()) == std::string::npos) master_ = -1;
    for (int sig : {SIGQUIT, SIGTERM, SIGKILL}) {
      if (master_ <= 0) break;
      ::kill(master_, sig);
      if (wait_until([&] { return process_gone(master_); }, std::chrono::seconds(5))) break;
    }
  }
  master_ = -1;
  process_.reset();
}

int free_tcp_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  detail::Socket owner(fd);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error(std::string("cannot find a free port: ") + std::strerror(errno));
  }
  return ntohs(address.sin_port);
}

}  // namespace morapi::testing
