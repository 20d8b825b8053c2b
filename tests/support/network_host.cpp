#include "support/network_host.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <stdexcept>

#include "support/process.hpp"

namespace morapi::testing {
namespace {

std::atomic<int> g_hosts{0};

CommandResult ip(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"ip"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, "", std::chrono::seconds(20));
}

void ip_or_throw(const std::vector<std::string>& args) {
  const CommandResult result = ip(args);
  if (result.exit_code != 0) {
    std::string command = "ip";
    for (const auto& arg : args) command += " " + arg;
    throw std::runtime_error(command + " failed: " + result.output);
  }
}

// Held while a subnet is chosen and taken, so that two test executables running at once (ctest
// -j) never pick the same one. The kernel's own lock would not do: the check (is the address in
// use?) and the take (ip addr add) are separate commands.
class SubnetLock {
 public:
  SubnetLock() : fd_(::open("/tmp/morapi-netns.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0600)) {
    if (fd_ >= 0) ::flock(fd_, LOCK_EX);
  }
  ~SubnetLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  SubnetLock(const SubnetLock&) = delete;
  SubnetLock& operator=(const SubnetLock&) = delete;

 private:
  int fd_;
};

// The first /30 of 192.0.2.0/24 whose addresses no interface has: its .1 and .2 as n*4+1, +2.
int free_subnet() {
  const std::string in_use = ip({"-o", "-4", "addr", "show"}).output;
  for (int n = 0; n < 64; ++n) {
    const std::string probe = "192.0.2." + std::to_string(n * 4 + 1) + "/";
    const std::string probe2 = "192.0.2." + std::to_string(n * 4 + 2) + "/";
    if (in_use.find(probe) == std::string::npos && in_use.find(probe2) == std::string::npos) {
      return n;
    }
  }
  throw std::runtime_error("no free /30 left in 192.0.2.0/24");
}

}  // namespace

NetworkHost::NetworkHost() {
  const std::string id = std::to_string(getpid() % 100000) + "x" + std::to_string(++g_hosts);
  name_ = "morapi-" + id;
  outside_ = "mo" + id;  // interface names: at most 15 characters
  inside_ = "mi" + id;
  SubnetLock lock;
  const int subnet = free_subnet();
  gateway_ = "192.0.2." + std::to_string(subnet * 4 + 1);
  address_ = "192.0.2." + std::to_string(subnet * 4 + 2);
  ip_or_throw({"netns", "add", name_});
  try {
    ip_or_throw({"link", "add", outside_, "type", "veth", "peer", "name", inside_});
    ip_or_throw({"link", "set", inside_, "netns", name_});
    ip_or_throw({"addr", "add", gateway_ + "/30", "dev", outside_});
    ip_or_throw({"link", "set", outside_, "up"});
    ip_or_throw({"-n", name_, "addr", "add", address_ + "/30", "dev", inside_});
    ip_or_throw({"-n", name_, "link", "set", inside_, "up"});
    ip_or_throw({"-n", name_, "link", "set", "lo", "up"});
  } catch (...) {
    ip({"link", "del", outside_});
    ip({"netns", "del", name_});
    throw;
  }
}

NetworkHost::~NetworkHost() {
  try {
    kill_all();
    ip({"link", "del", outside_});
    ip({"netns", "del", name_});
  } catch (const std::exception&) {
    // Nothing more can be done here; a leftover namespace is named after this test's pid.
  }
}

void NetworkHost::link_down() {
  ip_or_throw({"-n", name_, "link", "set", inside_, "down"});
}

void NetworkHost::link_up() {
  ip_or_throw({"-n", name_, "link", "set", inside_, "up"});
}

std::vector<int> NetworkHost::pids() const {
  std::vector<int> result;
  std::istringstream list(ip({"netns", "pids", name_}).output);
  for (int pid; list >> pid;) result.push_back(pid);
  return result;
}

void NetworkHost::kill_all() {
  // A dying master may still fork a worker: repeat until the namespace is empty.
  for (int round = 0; round < 50; ++round) {
    const std::vector<int> left = pids();
    if (left.empty()) return;
    for (int pid : left) ::kill(pid, SIGKILL);
    usleep(20 * 1000);
  }
}

std::optional<std::string> NetworkHost::unavailable() {
  if (geteuid() != 0) return "network namespaces need root";
  try {
    const std::string probe = "morapi-probe-" + std::to_string(getpid());
    const CommandResult added = ip({"netns", "add", probe});
    if (added.exit_code != 0) return "cannot make a network namespace: " + added.output;
    ip({"netns", "del", probe});
  } catch (const std::exception& error) {
    return std::string("cannot run ip: ") + error.what();
  }
  return std::nullopt;
}

}  // namespace morapi::testing
