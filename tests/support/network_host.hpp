#pragma once
#include <optional>
#include <string>
#include <vector>

namespace morapi::testing {

// An app host of its own on this machine (issue 10): a network namespace joined to this one by
// a veth pair, with addresses from TEST-NET-1 (192.0.2.0/24, RFC 5737) on those two ends only,
// one /30 per host, so nothing is routed off the machine. Processes started with exec_prefix()
// see only the namespace's interfaces, but share the file system: unix sockets (MariaDB's, a
// Galera node's) cross the namespace boundary, TCP to 127.0.0.1 does not.
class NetworkHost {
 public:
  // Makes the namespace and its link; throws std::runtime_error with ip's output if it cannot.
  NetworkHost();
  // Kills every process left in the namespace, then deletes it (which deletes the veth pair).
  ~NetworkHost();
  NetworkHost(const NetworkHost&) = delete;
  NetworkHost& operator=(const NetworkHost&) = delete;

  const std::string& name() const { return name_; }
  // The host's address inside its namespace (where its morapi listens) and this side's.
  const std::string& address() const { return address_; }
  const std::string& gateway() const { return gateway_; }
  // Prepended to an argv: runs the program inside the namespace.
  std::vector<std::string> exec_prefix() const { return {"ip", "netns", "exec", name_}; }

  // The namespace's end of the link down (packets to and from the host are dropped: a cable
  // pulled, a host frozen on the network) and up again.
  void link_down();
  void link_up();
  // SIGKILL to every process in the namespace: the host lost, as by a power cut.
  void kill_all();
  std::vector<int> pids() const;

  // Why namespaces cannot be made here (not root, no `ip`, no permission), or nullopt.
  static std::optional<std::string> unavailable();

 private:
  std::string name_;
  std::string outside_;  // the veth end in this namespace
  std::string inside_;   // the veth end in the host's namespace
  std::string address_;
  std::string gateway_;
};

}  // namespace morapi::testing
