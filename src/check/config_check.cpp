#include "check/config_check.hpp"

#include <grp.h>
#include <sys/stat.h>

#include <cstdio>

#include "config/config.hpp"
#include "db/database.hpp"
#include "db/schema_check.hpp"

namespace morapi::check {
namespace {

// What the listen setting means, as one line. A unix socket's missing directory is a problem,
// except under /run/, where the unit's RuntimeDirectory= makes it at each start (so a check by
// hand, before the first start, is not told otherwise); a missing group is only a note (the
// socket keeps morapi's group).
std::string listen_line(const Config& config, std::vector<std::string>& problems) {
  const bool unix_socket = config.listen.find('/') != std::string::npos;
  if (!unix_socket) return "would listen on TCP " + config.listen;
  char mode[8];
  std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(config.listen_mode));
  std::string line = "would listen on unix socket " + config.listen + " (mode " + mode;
  if (!config.listen_group.empty()) {
    line += getgrnam(config.listen_group.c_str())
                ? ", group " + config.listen_group
                : ", group " + config.listen_group + " does not exist: morapi's own group";
  }
  line += ")";
  const std::string directory = config.listen.substr(0, config.listen.rfind('/'));
  struct stat info {};
  if (!directory.empty() && (stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))) {
    if (directory.rfind("/run/", 0) == 0) {
      line += "; " + directory + " does not exist yet (the unit's RuntimeDirectory= makes it)";
    } else {
      problems.push_back("listen: directory " + directory + " does not exist");
    }
  }
  return line;
}

// Connects as the workers would and asks for what sql/upgrade.sql adds; each gap is a problem.
void check_database(const Config& config, std::vector<std::string>& problems, std::ostream& out) {
  try {
    config.db_password();  // an unreadable password file, named
  } catch (const std::exception& error) {
    problems.push_back(error.what());
    return;
  }
  std::string where;
  for (const auto& endpoint : database_endpoints(config)) {
    where += (where.empty() ? "" : ", ") + endpoint.describe();
  }
  try {
    db::Database database(config);
    const auto missing = database.read([](db::Transaction& tx) { return db::missing_schema(tx); });
    for (const auto& item : missing) {
      problems.push_back("database " + config.db_name + " lacks " + item +
                         ": run sql/upgrade.sql on it");
    }
    if (missing.empty()) out << "database " << config.db_name << " (" << where << "): schema ok\n";
  } catch (const std::exception& error) {
    problems.push_back("database " + config.db_name + " (" + where + "): " + error.what());
  }
}

}  // namespace

int run_check(const std::vector<std::string>& args, std::ostream& out) {
  ConfigReading reading = read_config(args);
  std::vector<std::string> problems = reading.problems;
  const Config& config = reading.config;
  const std::string source = config.config_file.empty() ? "options" : config.config_file;
  // Values are only trustworthy when every line was read: no connection on a broken file.
  if (problems.empty()) {
    out << listen_line(config, problems) << ", " << config.workers << " workers\n";
    check_database(config, problems, out);
  }
  for (const auto& problem : problems) out << "morapi: " << problem << "\n";
  if (problems.empty()) {
    out << "morapi: the configuration in " << source << " is ok\n";
    return 0;
  }
  out << "morapi: " << source << ": " << problems.size()
      << (problems.size() == 1 ? " problem\n" : " problems\n");
  return 1;
}

}  // namespace morapi::check
