// The three-node Galera cluster of tests/support/galera.hpp that the galera tests of issue 10
// stand on: it forms, replicates, reports write conflicts as 1213, survives a crashed node and
// takes it back. One test case, because forming a cluster costs most of the time.
#define BOOST_TEST_MODULE galera_cluster
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "support/galera.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

using Clock = std::chrono::steady_clock;

const std::string kDb = "galera_test";
// Read-your-cluster's-writes: wait until this node has applied everything committed anywhere.
const std::string kSyncedRead = "SET SESSION wsrep_sync_wait = 1; ";

std::string seconds_since(Clock::time_point start) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  return std::to_string(ms.count() / 1000.0).substr(0, 5) + " s";
}

std::string value_on(GaleraCluster& cluster, int i, int id) {
  return cluster.node(i).scalar(
      kDb, kSyncedRead + "SELECT v FROM counters WHERE id = " + std::to_string(id));
}

// Session A, a `mariadb` client of its own on node 0: updates row 1 and keeps its transaction
// open for 3 s before COMMIT, either running a statement (SELECT SLEEP) or idle between two
// statements (the shell waits before it sends COMMIT). Meanwhile node 1 commits an update of
// the same row; its write set reaches node 0 first and aborts A. Returns A's output.
std::string conflicting_transactions(GaleraCluster& cluster, bool busy, const std::string& a_value,
                                     const std::string& b_value, int& a_exit_code) {
  TempDir dir;
  // --unbuffered: A's output shows when its UPDATE is done, so B comes after it, not by luck.
  const std::string client =
      "mariadb --no-defaults --unbuffered -uroot --socket=" + cluster.node(0).socket() + " " + kDb +
      " > " + dir.file("a.out") + " 2>&1";
  const std::string update =
      "UPDATE counters SET v = " + a_value + " WHERE id = 1; SELECT 'a_updated';";
  const std::string script =
      busy ? client + " <<'SQL'\nBEGIN;\n" + update + "\nSELECT SLEEP(3);\nCOMMIT;\nSQL\n"
           : "{ printf \"BEGIN;\\n" + update + "\\n\"; sleep 3; printf 'COMMIT;\\n'; } | " + client;
  Process session_a({"bash", "-c", script}, dir.file("bash.out"));
  const bool a_updated = wait_until(
      [&] { return read_file(dir.file("a.out")).find("a_updated\n") != std::string::npos; }, 10s,
      20ms);
  BOOST_TEST_REQUIRE(
      a_updated, "session A: " + read_file(dir.file("a.out")) + read_file(dir.file("bash.out")));
  cluster.node(1).exec(kDb, "UPDATE counters SET v = " + b_value + " WHERE id = 1");
  auto status = session_a.wait_exit(20s);
  BOOST_REQUIRE(status.has_value());
  a_exit_code = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
  return read_file(dir.file("a.out"));
}

// CHECKSUM TABLE of every table of database morapi_galera on node i, after a causal wait.
Rows table_checksums(GaleraCluster& cluster, int i) {
  const Rows tables = cluster.node(i).query(
      "", kSyncedRead +
              "SELECT table_name FROM information_schema.tables WHERE table_schema = "
              "'morapi_galera' ORDER BY table_name");
  std::string sql = kSyncedRead + "CHECKSUM TABLE ";
  for (size_t t = 0; t < tables.size(); ++t) sql += (t ? ", " : "") + tables[t][0];
  return cluster.node(i).query("morapi_galera", sql);
}

// Nothing of this cluster may outlive it: no mariadbd (or SST helper) naming its directories.
bool any_process_mentions(const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs) {
    if (run_command({"pgrep", "-f", dir}).exit_code == 0) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(cluster_forms_replicates_conflicts_and_survives_a_crashed_node) {
  if (!GaleraCluster::available()) {
    const char* why =
        "SKIPPED: /usr/lib/galera/libgalera_smm.so or mariabackup is missing "
        "(deploy/deps.sh installs galera-4 and mariadb-backup)";
    std::cerr << why << "\n";
    BOOST_TEST_MESSAGE(why);
    return;
  }
  // MORAPI_GALERA_FORMATION=state_transfer: the joiners get their data by SST (to measure it).
  const char* formation_name = std::getenv("MORAPI_GALERA_FORMATION");
  const auto formation = formation_name && std::string(formation_name) == "state_transfer"
                             ? GaleraCluster::Formation::state_transfer
                             : GaleraCluster::Formation::seeded;
  const auto test_start = Clock::now();
  auto cluster = std::make_unique<GaleraCluster>(formation);
  std::cerr << "galera: cluster of 3 formed ("
            << (formation == GaleraCluster::Formation::seeded ? "seeded" : "state transfer")
            << ") in " << seconds_since(test_start) << "\n";
  std::vector<std::string> dirs;
  for (int i = 0; i < GaleraCluster::kNodes; ++i) {
    dirs.push_back(cluster->node(i).dir());
    BOOST_TEST(cluster->cluster_size(i) == 3);
    BOOST_TEST(cluster->state(i) == "Synced");
    // Seeded joiners start with the group's position: no mariabackup SST was prepared.
    const bool sst = cluster->node(i).log().find("Preparing the backup") != std::string::npos;
    BOOST_TEST(sst == (i > 0 && formation == GaleraCluster::Formation::state_transfer));
  }

  // A row written on node 0 reads on node 2.
  cluster->node(0).exec("", "CREATE DATABASE " + kDb + "; CREATE TABLE " + kDb +
                                ".counters (id INT PRIMARY KEY, v INT NOT NULL) ENGINE=InnoDB;"
                                " INSERT INTO " +
                                kDb + ".counters VALUES (1, 0);");
  BOOST_TEST(value_on(*cluster, 2, 1) == "0");
  BOOST_TEST(value_on(*cluster, 1, 1) == "0");

  // morapi's schema and demo data, loaded on node 0, arrive whole on node 2 (every table is
  // InnoDB with a primary key: Galera replicates no MyISAM rows, and rows without a key badly).
  cluster->node(0).create_database("morapi_galera");
  BOOST_TEST(table_checksums(*cluster, 2) == table_checksums(*cluster, 0));
  BOOST_TEST(table_checksums(*cluster, 0).size() > 10);
  // Each node hands out every 3rd AUTO_INCREMENT value (wsrep_auto_increment_control), so ids
  // made through a Galera node are not consecutive: tests must not expect exact ids there.
  for (int i = 0; i < GaleraCluster::kNodes; ++i) {
    BOOST_TEST(cluster->node(i).scalar("", "SELECT @@auto_increment_increment") == "3");
  }

  // Write conflicts across nodes: the local transaction loses with 1213, the other wins.
  int a_exit = 0;
  std::string a_out = conflicting_transactions(*cluster, /*busy=*/true, "10", "20", a_exit);
  BOOST_TEST(a_exit == 1);
  // A running statement is interrupted: the error comes at the SLEEP (line 3), not at COMMIT.
  BOOST_TEST(a_out.find("ERROR 1213 (40001) at line 3: Deadlock found") != std::string::npos,
             a_out);
  for (int i = 0; i < GaleraCluster::kNodes; ++i) BOOST_TEST(value_on(*cluster, i, 1) == "20");
  a_out = conflicting_transactions(*cluster, /*busy=*/false, "11", "21", a_exit);
  BOOST_TEST(a_exit == 1);
  // An idle transaction learns it at its next statement: COMMIT (line 3 of the piped input).
  BOOST_TEST(a_out.find("COMMIT") != std::string::npos, a_out);
  BOOST_TEST(a_out.find("ERROR 1213 (40001) at line 3: Deadlock found") != std::string::npos,
             a_out);
  for (int i = 0; i < GaleraCluster::kNodes; ++i) BOOST_TEST(value_on(*cluster, i, 1) == "21");

  // Node 1 crashes: nodes 0 and 2 keep quorum (2 of 3) and keep taking writes.
  const auto kill_start = Clock::now();
  cluster->kill(1);
  BOOST_TEST_REQUIRE(cluster->wait_cluster_size(0, 2, 15s), cluster->logs());
  std::cerr << "galera: node 1 killed, cluster size 2 seen on node 0 after "
            << seconds_since(kill_start) << "\n";
  cluster->node(0).exec(kDb, "INSERT INTO counters VALUES (2, 2)");
  BOOST_TEST(value_on(*cluster, 2, 2) == "2");

  // It comes back by IST (its position recovered from InnoDB) and sees what it missed.
  const auto rejoin_start = Clock::now();
  const size_t log_before = cluster->node(1).log().size();
  cluster->start(1);
  BOOST_TEST_REQUIRE(cluster->wait_synced(1, 60s), cluster->logs());
  std::cerr << "galera: node 1 rejoined (IST) and Synced in " << seconds_since(rejoin_start)
            << "\n";
  const std::string rejoin_log = cluster->node(1).log().substr(log_before);
  // The joiner's SST script always starts; the donor tells it to stand aside for IST.
  BOOST_TEST(rejoin_log.find("received from donor: Running IST") != std::string::npos);
  BOOST_TEST(rejoin_log.find("Preparing the backup") == std::string::npos);
  BOOST_TEST(value_on(*cluster, 1, 2) == "2");
  for (int i = 0; i < GaleraCluster::kNodes; ++i) BOOST_TEST(cluster->cluster_size(i) == 3);

  // Node 2 crashes and comes back with an empty data directory: a full SST (mariabackup).
  cluster->kill(2);
  BOOST_TEST_REQUIRE(cluster->wait_cluster_size(0, 2, 15s), cluster->logs());
  cluster->node(1).exec(kDb, "INSERT INTO counters VALUES (3, 3)");
  const auto sst_start = Clock::now();
  const size_t sst_log_before = cluster->node(2).log().size();
  cluster->start(2, /*full_state_transfer=*/true);
  BOOST_TEST_REQUIRE(cluster->wait_synced(2, 60s), cluster->logs());
  std::cerr << "galera: node 2 rejoined (SST) and Synced in " << seconds_since(sst_start) << "\n";
  BOOST_TEST(cluster->node(2).log().substr(sst_log_before).find("Preparing the backup") !=
             std::string::npos);
  BOOST_TEST(value_on(*cluster, 2, 3) == "3");
  BOOST_TEST(value_on(*cluster, 2, 1) == "21");
  for (int i = 0; i < GaleraCluster::kNodes; ++i) BOOST_TEST(cluster->cluster_size(i) == 3);

  // Node 0, the one that bootstrapped, stops cleanly and comes back as an ordinary member
  // (--wsrep-new-cluster was for its first start only: a second bootstrap would split the
  // cluster in two of size 1 and 2).
  cluster->stop(0);
  BOOST_TEST_REQUIRE(cluster->wait_cluster_size(1, 2, 15s), cluster->logs());
  cluster->node(2).exec(kDb, "INSERT INTO counters VALUES (4, 4)");
  const auto restart_start = Clock::now();
  cluster->start(0);
  BOOST_TEST_REQUIRE(cluster->wait_synced(0, 60s), cluster->logs());
  std::cerr << "galera: node 0 stopped cleanly, rejoined and Synced in "
            << seconds_since(restart_start) << "\n";
  BOOST_TEST(value_on(*cluster, 0, 4) == "4");
  for (int i = 0; i < GaleraCluster::kNodes; ++i) BOOST_TEST(cluster->cluster_size(i) == 3);

  const auto stop_start = Clock::now();
  cluster.reset();
  std::cerr << "galera: cluster stopped in " << seconds_since(stop_start) << "\n";
  BOOST_TEST(!any_process_mentions(dirs));
  std::cerr << "galera: whole test " << seconds_since(test_start) << "\n";
}
