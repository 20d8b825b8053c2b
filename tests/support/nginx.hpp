#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace morapi::testing {

// A private nginx in front of morapi, configured by the project's own deploy/render-nginx.sh,
// so the tests exercise the config that ships.
class Nginx {
 public:
  // Renders the config into a TempDir, starts nginx and waits (10 s) until 127.0.0.1:port
  // accepts connections. Throws std::runtime_error with nginx's output and error logs.
  // `legacy` (host:port of a stand-in MOR application) turns on the legacy fall-through.
  Nginx(const std::string& morapi_socket, int port, const std::string& legacy = "");
  // The rendered site with some of its text replaced (each `from` must occur in it), e.g. shorter
  // timeouts so that a test of a host lost mid-request runs in seconds. morapi_socket may list
  // several hosts (comma-separated, see deploy/render-nginx.sh).
  using SiteEdits = std::vector<std::pair<std::string, std::string>>;
  Nginx(const std::string& morapi_socket, int port, const SiteEdits& site_edits);
  // Graceful quit (SIGQUIT, like `nginx -s quit`), then SIGTERM, then SIGKILL.
  ~Nginx();
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  int port() const { return port_; }
  const std::string& dir() const { return dir_.path(); }
  // nginx's stdout/stderr and every *error*.log under dir(), for failure messages.
  std::string log() const;

 private:
  // The master a daemonizing config left running: the pid file's pid, if that process was
  // started with our config (a stale pid may belong to anyone by now); -1 if none.
  pid_t daemon_master() const;
  void start(const std::string& morapi_socket, const std::string& legacy,
             const SiteEdits& site_edits);
  void stop() noexcept;

  TempDir dir_;
  int port_;
  bool daemonized_ = false;         // the config says `daemon on;`
  std::optional<Process> process_;  // the master, or with daemonized_ only its starter
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close).
int free_tcp_port();

}  // namespace morapi::testing
