#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace morapi::testing {

using Rows = std::vector<std::vector<std::string>>;

class MariaDb;

// How a MariaDb is set up; the default is what MariaDb() has always done (a private server on a
// unix socket only), so only a test that needs more (a Galera node) names these.
struct MariaDbOptions {
  // More mariadbd options ("--name=value"), after the harness's own, so they win.
  std::vector<std::string> server_args;
  // 0: --skip-networking. Otherwise the server also listens on 127.0.0.1:tcp_port.
  int tcp_port = 0;
  // false: start on an empty data directory, e.g. a Galera joiner that gets its data by state
  // transfer (that needs no mariadb-install-db, which costs about 3 s).
  bool install_db = true;
  // Non-empty (with install_db false): the data directory starts as a copy of this one, e.g. of a
  // Galera node stopped cleanly, so a new node has the cluster's state and needs no transfer.
  std::string copy_data_from;
  // Non-empty: every server option goes into dir()/my.cnf as a [mysqld] section, followed by this
  // text (other groups, e.g. "[sst]\n..."), and the server is started with --defaults-file. The
  // programs a Galera node runs (wsrep_sst_mariabackup, mariabackup) read that file; a server
  // started with --no-defaults gives them none, so they read /etc/mysql/my.cnf instead, whose
  // [mysqld_safe] syslog sends their errors to a syslog that is not there.
  std::string config_file_extra;
  // More mariadbd options for the constructor's start only (e.g. --wsrep-new-cluster, which
  // must not be given again when that node restarts).
  std::vector<std::string> first_start_args;
  // How long start() waits for the server to answer `select 1` (a Galera joiner answers only
  // after its state transfer), and a check it must pass as well (none if empty).
  std::chrono::milliseconds ready_timeout = std::chrono::seconds(30);
  std::function<bool(const MariaDb&)> ready;
};

// A private MariaDB server in its own TempDir: unix socket only, root without a password.
// SQL goes through the `mariadb` client, one process per call, so tests see exactly what an
// operator would see and need no client library of their own.
class MariaDb {
 public:
  // Initialises the data directory and starts the server; throws std::runtime_error with the
  // server log if it is not answering within 30 s.
  MariaDb();
  explicit MariaDb(MariaDbOptions options);
  ~MariaDb();
  MariaDb(const MariaDb&) = delete;
  MariaDb& operator=(const MariaDb&) = delete;

  std::string socket() const { return dir_.file("mariadb.sock"); }
  const std::string& dir() const { return dir_.path(); }
  std::string data_dir() const { return dir_.file("data"); }
  int tcp_port() const { return options_.tcp_port; }
  // The argument that tells mariadbd (or a mariadbd --wsrep-recover run) where its settings are:
  // --no-defaults, or --defaults-file=dir()/my.cnf with MariaDbOptions::config_file_extra.
  std::string defaults_argument() const;
  // Everything the server wrote to stdout/stderr so far.
  std::string log() const;

  // Stops the server (SIGTERM, waits) and starts it again on the same data, e.g. to test how
  // morapi survives a lost database connection. start() throws like the constructor;
  // this_start_only are more mariadbd options for this start (e.g. --wsrep-new-cluster).
  void stop();
  void start(const std::vector<std::string>& this_start_only = {});
  bool running() const { return server_.has_value(); }
  // For fault tests: the server's pid (-1 when it is not running), a signal to it (SIGSTOP and
  // SIGCONT freeze and thaw it), and a crash: SIGKILL, reaped, so start() can run again.
  pid_t pid() const { return server_ ? server_->pid() : -1; }
  void signal(int sig);
  void kill();

  // Drops and recreates database `name` (utf8mb4), then loads sql/schema.sql and sql/demo.sql
  // of the checkout into it.
  void create_database(const std::string& name);
  // Runs SQL text (any number of statements) in database db ("" for none). Throws
  // std::runtime_error with the client's output if any statement fails.
  void exec(const std::string& db, const std::string& sql) const;
  // Rows of all result sets of sql, each value as the client prints it unescaped; SQL NULL
  // reads as "NULL".
  Rows query(const std::string& db, const std::string& sql) const;
  // First column of the first row; throws std::runtime_error if there is no row.
  std::string scalar(const std::string& db, const std::string& sql) const;

 private:
  std::vector<std::string> server_options() const;
  void write_config_file() const;

  MariaDbOptions options_;
  TempDir dir_;
  std::optional<Process> server_;
};

}  // namespace morapi::testing
