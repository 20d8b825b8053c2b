#pragma once

#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace morapi::testing {

using Rows = std::vector<std::vector<std::string>>;

// A private MariaDB server in its own TempDir: unix socket only, root without a password.
// SQL goes through the `mariadb` client, one process per call, so tests see exactly what an
// operator would see and need no client library of their own.
class MariaDb {
 public:
  // Initialises the data directory and starts the server; throws std::runtime_error with the
  // server log if it is not answering within 30 s.
  MariaDb();
  ~MariaDb();
  MariaDb(const MariaDb&) = delete;
  MariaDb& operator=(const MariaDb&) = delete;

  std::string socket() const { return dir_.file("mariadb.sock"); }
  const std::string& dir() const { return dir_.path(); }
  // Everything the server wrote to stdout/stderr so far.
  std::string log() const;

  // Stops the server (SIGTERM, waits) and starts it again on the same data, e.g. to test how
  // morapi survives a lost database connection. start() throws like the constructor.
  void stop();
  void start();
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
  TempDir dir_;
  std::optional<Process> server_;
};

}  // namespace morapi::testing
