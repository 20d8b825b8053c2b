#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <string>

#include "support/mariadb.hpp"
#include "support/temp_dir.hpp"

namespace morapi::testing {

// The ports one Galera node listens on, all on 127.0.0.1.
struct GaleraPorts {
  int sql = 0;
  int group = 0;  // gmcast.listen_addr: group communication
  int ist = 0;    // ist.recv_addr: incremental state transfer (the write sets a node missed)
  int sst = 0;    // wsrep_sst_receive_address: full state transfer (mariabackup over socat)
};

// A three-node MariaDB Galera cluster on this machine, each node a MariaDb in its own TempDir
// with its own unix socket (the path works from inside a network namespace too) and its own
// TCP ports. State transfer is mariabackup's (rsync's failed here as root); the whole cluster
// is stopped when the object dies.
class GaleraCluster {
 public:
  static constexpr int kNodes = 3;
  static constexpr std::chrono::seconds kFormTimeout{90};

  // True if galera-4 and mariadb-backup are installed (deploy/deps.sh installs both).
  static bool available();

  // How nodes 1 and 2 get node 0's data when the cluster forms.
  enum class Formation {
    // Node 0 bootstraps once and stops cleanly; nodes 1 and 2 start on copies of its data
    // directory, so they join with no state transfer: about 15 s less than state_transfer.
    seeded,
    // Nodes 1 and 2 start on empty data directories and get everything by a mariabackup SST,
    // one after the other (each costs the donor script's fixed 10 s sleep).
    state_transfer,
  };

  // Starts node 0 as a new cluster (--wsrep-new-cluster), then nodes 1 and 2 as joiners, and
  // waits until every node is Synced in a cluster of 3. Throws std::runtime_error with every
  // node's log if that takes more than kFormTimeout.
  explicit GaleraCluster(Formation formation = Formation::seeded);
  ~GaleraCluster();
  GaleraCluster(const GaleraCluster&) = delete;
  GaleraCluster& operator=(const GaleraCluster&) = delete;

  MariaDb& node(int i) { return *nodes_.at(i); }
  const GaleraPorts& ports(int i) const { return ports_.at(i); }
  // "gcomm://127.0.0.1:port,..." of every node.
  std::string cluster_address() const;

  // A crash: SIGKILL. The others drop it from the cluster after about 3 s (the evs timeouts
  // in galera.cpp); a state transfer it was part of is left to the SST scripts' timeouts.
  void kill(int i);
  // A clean shutdown: the node leaves the cluster at once.
  void stop(int i);
  // Rejoins the running cluster. After a kill the node's grastate.dat has no position, so the
  // position is first recovered from InnoDB (mariadbd --wsrep-recover, what mysqld_safe and
  // the systemd unit do) and passed on: the node then catches up by IST if the donor's gcache
  // still holds what it missed, else by SST. full_state_transfer empties the data directory
  // first, to force (and measure) an SST. Throws like the constructor; does not wait for Synced.
  void start(int i, bool full_state_transfer = false);
  // True once node i reports wsrep_local_state_comment = Synced (false at timeout).
  bool wait_synced(int i, std::chrono::milliseconds timeout);
  // wsrep_cluster_size as node i sees it, 0 if it does not answer.
  int cluster_size(int i) const;
  // wsrep_local_state_comment of node i ("Synced", "Donor/Desynced", "Joining", ...), "" if
  // it does not answer.
  std::string state(int i) const;
  // True once node i sees a cluster of size within timeout.
  bool wait_cluster_size(int i, int size, std::chrono::milliseconds timeout);
  // Every node's log and recent state, for failure messages.
  std::string logs() const;

 private:
  MariaDbOptions node_options(int i) const;
  void form(Formation formation, std::chrono::steady_clock::time_point deadline);
  // Copies node 0's data directory (stopped) to seed_, for the nodes of Formation::seeded.
  void copy_seed(const std::string& data_dir);
  std::string recovered_position(int i) const;
  // A SHOW STATUS value of node i, "" if it does not answer.
  std::string status(int i, const std::string& name) const;

  TempDir seed_;
  std::array<GaleraPorts, kNodes> ports_;
  std::array<std::unique_ptr<MariaDb>, kNodes> nodes_;
};

}  // namespace morapi::testing
