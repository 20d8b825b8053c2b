#include "support/galera.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <stdexcept>

#include "support/nginx.hpp"
#include "support/process.hpp"

namespace morapi::testing {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kProvider = "/usr/lib/galera/libgalera_smm.so";

// The failure detector's defaults (suspect a silent peer after 5 s, drop it after 15 s) would
// make every crash test wait that long; on loopback 2 s of silence is a dead node. A small
// gcache is enough for the write sets a test makes while a node is down (IST), and 3 x 128 MB
// of preallocated default would be written for nothing.
constexpr const char* kProviderTuning =
    "evs.keepalive_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;"
    "gcache.size=32M";

// With the default log archive every SST would leave its logs in /tmp/sst_log_archive.
constexpr const char* kSstGroup = "[sst]\nsst-log-archive=0\n";

bool executable_in_path(const std::string& name) {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin"}) {
    if (::access((std::string(dir) + "/" + name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

std::string tail(const std::string& text, size_t size) {
  return text.size() <= size ? text : "..." + text.substr(text.size() - size);
}

std::chrono::milliseconds remaining(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(1000));
}

}  // namespace

bool GaleraCluster::available() {
  struct stat info;
  return ::stat(kProvider, &info) == 0 && executable_in_path("mariabackup");
}

GaleraCluster::GaleraCluster(Formation formation) {
  // Twelve distinct ports: free_tcp_port() alone could hand out one twice.
  std::set<int> taken;
  auto port = [&] {
    for (int attempt = 0; attempt < 100; ++attempt) {
      int candidate = free_tcp_port();
      if (taken.insert(candidate).second) return candidate;
    }
    throw std::runtime_error("no distinct free TCP ports");
  };
  for (auto& node_ports : ports_) node_ports = {port(), port(), port(), port()};

  try {
    form(formation, Clock::now() + kFormTimeout);
  } catch (const std::exception& error) {
    throw std::runtime_error(std::string("Galera cluster did not form: ") + error.what() + "\n" +
                             logs());
  }
}

void GaleraCluster::form(Formation formation, Clock::time_point deadline) {
  auto synced = [&](int i) {
    if (!wait_synced(i, remaining(deadline))) {
      throw std::runtime_error("node " + std::to_string(i) + " not Synced");
    }
  };
  MariaDbOptions first = node_options(0);
  first.first_start_args = {"--wsrep-new-cluster"};
  first.ready_timeout = remaining(deadline);
  nodes_[0] = std::make_unique<MariaDb>(std::move(first));
  synced(0);
  if (formation == Formation::seeded) {
    // A clean shutdown writes the cluster's uuid:seqno to grastate.dat (and safe_to_bootstrap:
    // 1, so node 0 may bootstrap again); nodes whose data says the same position as the group's
    // need no transfer.
    nodes_[0]->stop();
    copy_seed(nodes_[0]->data_dir());
    nodes_[0]->start({"--wsrep-new-cluster"});
    synced(0);
  }
  // One joiner at a time: while the only synced node is busy with one SST, another joiner
  // finds no donor and retries every second.
  for (int i = 1; i < kNodes; ++i) {
    MariaDbOptions options = node_options(i);
    // A joiner's data comes by SST or from the seed; installing it first would only cost time.
    options.install_db = false;
    if (formation == Formation::seeded) options.copy_data_from = seed_.file("data");
    options.ready_timeout = remaining(deadline);
    nodes_[i] = std::make_unique<MariaDb>(std::move(options));
    synced(i);
  }
  for (int i = 0; i < kNodes; ++i) {
    if (!wait_cluster_size(i, kNodes, remaining(deadline))) {
      throw std::runtime_error("node " + std::to_string(i) + " not in a cluster of 3");
    }
    synced(i);
  }
}

GaleraCluster::~GaleraCluster() {
  // All at once: each node's clean shutdown takes a moment, and they need not wait in turn.
  for (auto& node : nodes_) {
    if (node) node->signal(SIGTERM);
  }
  for (auto& node : nodes_) {
    try {
      if (node) node->stop();
    } catch (...) {
      // Already stopping anyway; a destructor must not throw.
    }
    node.reset();
  }
}

// The gcache and the temporary tablespace are made anew at start; copying them for each node
// would cost 44 MB of writes for nothing.
void GaleraCluster::copy_seed(const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path target = seed_.file("data");
  fs::create_directory(target);
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    const std::string name = entry.path().filename();
    if (name == "galera.cache" || name == "ibtmp1") continue;
    fs::copy(entry.path(), target / name, fs::copy_options::recursive);
  }
}

MariaDbOptions GaleraCluster::node_options(int i) const {
  const GaleraPorts& own = ports_[i];
  MariaDbOptions options;
  options.tcp_port = own.sql;
  options.config_file_extra = kSstGroup;
  options.server_args = {
      "--wsrep-on=ON",
      std::string("--wsrep-provider=") + kProvider,
      "--wsrep-cluster-address=" + cluster_address(),
      "--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:" + std::to_string(own.group) +
          ";ist.recv_addr=127.0.0.1:" + std::to_string(own.ist) + ";" + kProviderTuning,
      "--wsrep-sst-receive-address=127.0.0.1:" + std::to_string(own.sst),
      "--wsrep-node-address=127.0.0.1",
      "--wsrep-node-name=node" + std::to_string(i),
      // mariabackup reads the donor through its unix socket (the SST script passes it) as root,
      // who has no password here.
      "--wsrep-sst-method=mariabackup",
      "--wsrep-sst-auth=root:",
      "--binlog-format=ROW",
      "--innodb-autoinc-lock-mode=2",
  };
  return options;
}

std::string GaleraCluster::cluster_address() const {
  std::string address = "gcomm://";
  for (int i = 0; i < kNodes; ++i) {
    address += (i ? ",127.0.0.1:" : "127.0.0.1:") + std::to_string(ports_[i].group);
  }
  return address;
}

void GaleraCluster::kill(int i) {
  node(i).kill();
}

void GaleraCluster::stop(int i) {
  node(i).stop();
}

void GaleraCluster::start(int i, bool full_state_transfer) {
  MariaDb& server = node(i);
  if (server.running()) return;
  std::vector<std::string> args;
  if (full_state_transfer) {
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator(server.data_dir())) {
      std::filesystem::remove_all(entry.path(), ignored);
    }
  } else {
    std::string position = recovered_position(i);
    if (!position.empty()) args.push_back("--wsrep-start-position=" + position);
  }
  server.start(args);
}

// grastate.dat holds the position only after a clean shutdown ("seqno: -1" after a crash); then
// InnoDB knows it. Without a position the node would ask for a full SST.
std::string GaleraCluster::recovered_position(int i) const {
  const MariaDb& server = *nodes_.at(i);
  const std::string grastate = read_file(server.data_dir() + "/grastate.dat");
  if (grastate.empty() || grastate.find("seqno:   -1") == std::string::npos) return "";
  const std::string log = server.dir() + "/recover.log";
  std::error_code ignored;
  std::filesystem::remove(log, ignored);
  auto result = run_command(
      {"mariadbd", server.defaults_argument(), "--wsrep-recover", "--log-error=" + log});
  const std::string text = read_file(log);
  const std::string marker = "WSREP: Recovered position: ";
  size_t at = text.rfind(marker);
  if (result.exit_code != 0 || at == std::string::npos) {
    throw std::runtime_error("mariadbd --wsrep-recover of node " + std::to_string(i) +
                             " failed:\n" + result.output + text);
  }
  at += marker.size();
  return text.substr(at, text.find_first_of(" \n", at) - at);
}

std::string GaleraCluster::status(int i, const std::string& name) const {
  const MariaDb* server = nodes_.at(i).get();
  if (!server || !server->running()) return "";
  try {
    Rows rows = server->query("", "SHOW STATUS LIKE '" + name + "'");
    return rows.empty() || rows.front().size() < 2 ? "" : rows.front()[1];
  } catch (const std::exception&) {
    return "";
  }
}

std::string GaleraCluster::state(int i) const {
  return status(i, "wsrep_local_state_comment");
}

int GaleraCluster::cluster_size(int i) const {
  const std::string size = status(i, "wsrep_cluster_size");
  return size.empty() ? 0 : std::stoi(size);
}

bool GaleraCluster::wait_synced(int i, std::chrono::milliseconds timeout) {
  return wait_until([&] { return state(i) == "Synced"; }, timeout, std::chrono::milliseconds(100));
}

bool GaleraCluster::wait_cluster_size(int i, int size, std::chrono::milliseconds timeout) {
  return wait_until([&] { return cluster_size(i) == size; }, timeout,
                    std::chrono::milliseconds(100));
}

std::string GaleraCluster::logs() const {
  std::string result;
  for (int i = 0; i < kNodes; ++i) {
    result += "--- Galera node " + std::to_string(i);
    if (!nodes_[i]) {
      result += ": not created\n";
      continue;
    }
    result += " (" + nodes_[i]->dir() + ", state '" + state(i) + "', cluster size " +
              std::to_string(cluster_size(i)) + ")\n" + tail(nodes_[i]->log(), 12000) + "\n";
  }
  return result;
}

}  // namespace morapi::testing
