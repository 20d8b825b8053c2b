#pragma once
// The test bed of issue 10: morapi on two (or more) app hosts of their own, each a network
// namespace with its own address, all on one database (or each on its own Galera node), and one
// nginx on this machine balancing them with the shipped site config's upstream block.
#include <optional>
#include <string>
#include <vector>

#include "faults/load.hpp"
#include "fixture.hpp"
#include "support/network_host.hpp"

namespace morapi::testing::hosts {

// One app host: a NetworkHost with morapi listening on TCP at address():9000, started with the
// stack's command line (its database, account and options) plus `options` (which win).
class AppHost {
 public:
  AppHost(const Stack& stack, const std::vector<std::string>& options);
  ~AppHost();
  AppHost(const AppHost&) = delete;
  AppHost& operator=(const AppHost&) = delete;

  // host:port of its FastCGI listener, for nginx's upstream and direct FastCGI clients.
  std::string endpoint() const { return network_.address() + ":9000"; }
  NetworkHost& network() { return network_; }

  // Starts its morapi (again) and waits until it accepts connections; throws with its log.
  void start();
  // The host lost: SIGKILL to its master and every worker at once.
  void kill();
  std::string log() const;
  // Request lines in its log so far (every answered request writes one).
  int requests_logged() const { return log_lines_with(" u="); }
  int log_lines_with(const std::string& text) const;

 private:
  TempDir dir_;
  NetworkHost network_;
  std::vector<std::string> command_;
  std::optional<Process> server_;
};

// True, after a SKIPPED message saying why, where the test bed cannot be made (not root, no
// network namespaces).
bool skipped_without_hosts();

inline double seconds_since(faults::Clock::time_point start) {
  return std::chrono::duration<double>(faults::Clock::now() - start).count();
}

// nginx's upstream list for `hosts` (render-nginx.sh's comma-separated form).
std::string upstream_of(const std::vector<AppHost*>& hosts);

}  // namespace morapi::testing::hosts
