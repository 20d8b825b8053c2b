#include "support/mariadb.hpp"

#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "support/paths.hpp"

namespace morapi::testing {

namespace {

std::vector<std::string> client_argv(const std::string& socket, const std::string& db, bool batch) {
  // utf8mb4 on the connection, so bytes come back exactly as stored.
  std::vector<std::string> argv = {"mariadb", "--no-defaults", "--socket=" + socket, "-uroot",
                                   "--default-character-set=utf8mb4"};
  if (batch) {
    argv.push_back("-N");
    argv.push_back("-B");
  }
  if (!db.empty()) argv.push_back(db);
  return argv;
}

// `mariadb -B` escapes tab, newline, backslash and NUL inside values; undo that.
std::string unescape(const std::string& field) {
  std::string result;
  result.reserve(field.size());
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      result += field[i];
      continue;
    }
    switch (char next = field[++i]) {
      case 't':
        result += '\t';
        break;
      case 'n':
        result += '\n';
        break;
      case '0':
        result += '\0';
        break;
      case '\\':
        result += '\\';
        break;
      default:
        result += '\\';
        result += next;
    }
  }
  return result;
}

Rows parse_batch_output(const std::string& output) {
  Rows rows;
  size_t line_start = 0;
  // Every row, even one with a single empty value, ends with '\n'.
  while (line_start < output.size()) {
    size_t line_end = output.find('\n', line_start);
    if (line_end == std::string::npos) line_end = output.size();
    std::vector<std::string> row;
    size_t field_start = line_start;
    while (true) {
      size_t tab = output.find('\t', field_start);
      size_t field_end = tab == std::string::npos || tab > line_end ? line_end : tab;
      row.push_back(unescape(output.substr(field_start, field_end - field_start)));
      if (field_end == line_end) break;
      field_start = field_end + 1;
    }
    rows.push_back(std::move(row));
    line_start = line_end + 1;
  }
  return rows;
}

// The failing SQL helps, but a 100,000-row INSERT would bury the error message.
std::string sql_failure(const std::string& output, const std::string& sql) {
  constexpr size_t kShown = 2000;
  return "SQL failed: " + output + "\nSQL: " + sql.substr(0, kShown) +
         (sql.size() > kShown ? "..." : "");
}

void check_database_name(const std::string& name) {
  bool ok = !name.empty();
  for (char c : name) {
    ok = ok &&
         ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (!ok) throw std::invalid_argument("database name must be [A-Za-z0-9_]+: " + name);
}

}  // namespace

MariaDb::MariaDb() : MariaDb(MariaDbOptions{}) {}

MariaDb::MariaDb(MariaDbOptions options) : options_(std::move(options)) {
  // A private tmpdir: with the shared /tmp, servers bootstrapping in parallel test processes
  // were seen to fail on each other's temporary table files.
  std::filesystem::create_directory(dir_.file("tmp"));
  if (options_.install_db) {
    auto install =
        run_command({"mariadb-install-db", "--no-defaults", "--datadir=" + data_dir(),
                     "--tmpdir=" + dir_.file("tmp"), "--auth-root-authentication-method=normal",
                     "--skip-test-db", "--user=root"});
    if (install.exit_code != 0) {
      throw std::runtime_error("mariadb-install-db failed:\n" + install.output);
    }
  } else if (!options_.copy_data_from.empty()) {
    std::filesystem::copy(options_.copy_data_from, data_dir(),
                          std::filesystem::copy_options::recursive);
  } else {
    std::filesystem::create_directory(data_dir());
  }
  if (!options_.config_file_extra.empty()) write_config_file();
  start(options_.first_start_args);
}

MariaDb::~MariaDb() {
  stop();
}

std::string MariaDb::log() const {
  return read_file(dir_.file("mariadb.log"));
}

std::vector<std::string> MariaDb::server_options() const {
  std::vector<std::string> result = {"--datadir=" + data_dir(), "--socket=" + socket(),
                                     "--tmpdir=" + dir_.file("tmp")};
  if (options_.tcp_port == 0) {
    result.push_back("--skip-networking");
  }
  result.insert(result.end(), {"--user=root", "--pid-file=" + dir_.file("mariadb.pid"),
                               // Durability does not matter for a throwaway server; speed does.
                               "--innodb-buffer-pool-size=64M",
                               "--innodb-flush-log-at-trx-commit=2", "--skip-log-bin"});
  if (options_.tcp_port != 0) {
    result.push_back("--bind-address=127.0.0.1");
    result.push_back("--port=" + std::to_string(options_.tcp_port));
  }
  result.insert(result.end(), options_.server_args.begin(), options_.server_args.end());
  return result;
}

std::string MariaDb::defaults_argument() const {
  if (options_.config_file_extra.empty()) return "--no-defaults";
  return "--defaults-file=" + dir_.file("my.cnf");
}

void MariaDb::write_config_file() const {
  std::string text = "[mysqld]\n";
  for (const std::string& option : server_options()) {
    // "--name=value" on the command line is "name=value" in an option file.
    text += option.substr(option.rfind("--", 0) == 0 ? 2 : 0) + "\n";
  }
  text += options_.config_file_extra;
  std::ofstream file(dir_.file("my.cnf"));
  file << text;
  if (!file.flush()) throw std::runtime_error("cannot write " + dir_.file("my.cnf"));
}

void MariaDb::start(const std::vector<std::string>& this_start_only) {
  if (server_) return;
  std::vector<std::string> argv = {"mariadbd", defaults_argument()};
  if (options_.config_file_extra.empty()) {
    auto options = server_options();
    argv.insert(argv.end(), options.begin(), options.end());
  }
  argv.insert(argv.end(), this_start_only.begin(), this_start_only.end());
  server_.emplace(argv, dir_.file("mariadb.log"));
  const std::vector<std::string> ping = {
      "mariadb", "--no-defaults", "--socket=" + socket(), "-uroot", "-e", "select 1"};
  // The socket file appears only when the server listens; until then a client run is wasted.
  bool ready = wait_until(
      [&] {
        struct stat info;
        if (!server_->alive()) return true;
        return ::stat(socket().c_str(), &info) == 0 && run_command(ping).exit_code == 0 &&
               (!options_.ready || options_.ready(*this));
      },
      options_.ready_timeout, std::chrono::milliseconds(50));
  if (!ready || !server_->alive()) {
    server_.reset();
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(options_.ready_timeout).count();
    throw std::runtime_error(std::string("mariadbd ") +
                             (ready ? "exited" : "not ready in " + std::to_string(seconds) + " s") +
                             "; its log:\n" + log());
  }
}

void MariaDb::stop() {
  if (!server_) return;
  // A clean InnoDB shutdown takes a moment; SIGKILL only if it hangs. A frozen (SIGSTOP) server
  // is thawed first, or it would not see SIGTERM.
  server_->signal(SIGCONT);
  server_->stop(std::chrono::seconds(30));
  server_.reset();
}

void MariaDb::signal(int sig) {
  if (server_) server_->signal(sig);
}

void MariaDb::kill() {
  if (!server_) return;
  server_->signal(SIGKILL);
  server_->wait_exit(std::chrono::seconds(30));
  server_.reset();
}

void MariaDb::create_database(const std::string& name) {
  check_database_name(name);
  exec("", "DROP DATABASE IF EXISTS `" + name + "`; CREATE DATABASE `" + name +
               "` CHARACTER SET utf8mb4;");
  for (const char* file : {"/sql/schema.sql", "/sql/demo.sql"}) {
    const std::string path = source_dir() + file;
    struct stat info;
    if (::stat(path.c_str(), &info) != 0) throw std::runtime_error("missing " + path);
    auto result = run_command(client_argv(socket(), name, false), read_file(path));
    if (result.exit_code != 0) {
      throw std::runtime_error("loading " + path + " failed:\n" + result.output);
    }
  }
}

void MariaDb::exec(const std::string& db, const std::string& sql) const {
  auto result = run_command(client_argv(socket(), db, false), sql);
  if (result.exit_code != 0) {
    throw std::runtime_error(sql_failure(result.output, sql));
  }
}

Rows MariaDb::query(const std::string& db, const std::string& sql) const {
  auto result = run_command(client_argv(socket(), db, true), sql);
  if (result.exit_code != 0) {
    throw std::runtime_error(sql_failure(result.output, sql));
  }
  return parse_batch_output(result.output);
}

std::string MariaDb::scalar(const std::string& db, const std::string& sql) const {
  Rows rows = query(db, sql);
  if (rows.empty()) throw std::runtime_error("no row from: " + sql);
  return rows.front().front();
}

}  // namespace morapi::testing
