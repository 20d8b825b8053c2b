#include "support/nginx.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

pid_t pid_in_file(const std::string& path) {
  try {
    return std::stoi(read_file(path));
  } catch (const std::exception&) {
    return -1;
  }
}

// The value of the config's `daemon` directive: "on", "off", or "" when it has none.
std::string daemon_setting(const std::string& config) {
  static const std::regex directive(R"((^|[;{}\n])[ \t]*daemon[ \t]+(on|off)[ \t]*;)");
  std::smatch match;
  return std::regex_search(config, match, directive) ? match[2].str() : "";
}

void edit_site(const std::string& path, const Nginx::SiteEdits& edits) {
  if (edits.empty()) return;
  std::string site = read_file(path);
  for (const auto& [from, to] : edits) {
    size_t at = site.find(from);
    if (at == std::string::npos) throw std::runtime_error("the nginx site has no '" + from + "'");
    for (; at != std::string::npos; at = site.find(from, at + to.size())) {
      site.replace(at, from.size(), to);
    }
  }
  std::ofstream(path) << site;
}

}  // namespace

Nginx::Nginx(const std::string& morapi_socket, int port, const std::string& legacy) : port_(port) {
  start(morapi_socket, legacy, {});
}

Nginx::Nginx(const std::string& morapi_socket, int port, const SiteEdits& site_edits)
    : port_(port) {
  start(morapi_socket, "", site_edits);
}

void Nginx::start(const std::string& morapi_socket, const std::string& legacy,
                  const SiteEdits& site_edits) {
  const std::string script = source_dir() + "/deploy/render-nginx.sh";
  if (::access(script.c_str(), F_OK) != 0) throw std::runtime_error("missing " + script);
  // Run it through bash if the executable bit got lost on the way.
  std::vector<std::string> render = {script, dir(), "127.0.0.1:" + std::to_string(port_),
                                     morapi_socket};
  if (!legacy.empty()) render.push_back(legacy);
  if (::access(script.c_str(), X_OK) != 0) render.insert(render.begin(), "bash");
  auto rendered = run_command(render);
  if (rendered.exit_code != 0) {
    throw std::runtime_error(script + " failed:\n" + rendered.output);
  }
  edit_site(dir_.file("morapi-site.conf"), site_edits);
  const std::string config = dir_.file("nginx.conf");
  // "-e stderr" puts errors from before the config is read into our log. A config that does
  // not choose runs in the foreground, so nginx is our child: we see it die and reap it.
  std::vector<std::string> argv = {"nginx", "-c", config, "-p", dir(), "-e", "stderr"};
  const std::string daemon = daemon_setting(read_file(config));
  daemonized_ = daemon == "on";
  if (daemon.empty()) {
    argv.push_back("-g");
    argv.push_back("daemon off;");
  }
  process_.emplace(argv, dir_.file("nginx.out"));
  // The port alone proves little: whoever grabbed it after free_tcp_port() would answer too.
  // nginx writes its pid file once its listeners are bound (after daemonizing, if it does), so
  // nginx is up when the pid file names our master and the port answers.
  bool failed = false;
  bool ready = wait_until(
      [&] {
        if (daemonized_) {
          if (process_->alive()) return false;
          int status = *process_->wait_exit(std::chrono::milliseconds(0));
          failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
          return failed || (daemon_master() > 0 && accepts_connections(port_));
        }
        failed = !process_->alive();
        return failed || (pid_in_file(dir_.file("nginx.pid")) == process_->pid() &&
                          accepts_connections(port_));
      },
      std::chrono::seconds(10), std::chrono::milliseconds(20));
  if (!ready || failed) {
    stop();
    throw std::runtime_error("nginx did not come up on port " + std::to_string(port_) + ":\n" +
                             log());
  }
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

pid_t Nginx::daemon_master() const {
  pid_t pid = pid_in_file(dir_.file("nginx.pid"));
  // nginx keeps its arguments in the master's title, config path included.
  std::string command_line = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  return pid > 0 && command_line.find(dir()) != std::string::npos && !process_gone(pid) ? pid : -1;
}

void Nginx::stop() noexcept {
  if (!daemonized_ && process_ && process_->alive()) {
    process_->signal(SIGQUIT);
    if (!process_->wait_exit(std::chrono::seconds(10))) process_->stop();
  }
  if (daemonized_) {
    // Even a failed start may have left a master behind.
    pid_t master = daemon_master();
    for (int sig : {SIGQUIT, SIGTERM, SIGKILL}) {
      if (master <= 0) break;
      ::kill(master, sig);
      if (wait_until([&] { return process_gone(master); }, std::chrono::seconds(5))) break;
    }
  }
  process_.reset();  // reaps the starter; kills it first if it hung
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
