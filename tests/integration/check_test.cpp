// `morapi --check` (issue 12), like `nginx -t`: every problem of the configuration on a line of
// its own, the database's schema, what morapi would listen on; exit 0 or 1, and nothing started.
#define BOOST_TEST_MODULE check
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "fixture.hpp"
#include "support/paths.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

CommandResult check(const std::vector<std::string>& options) {
  std::vector<std::string> argv = {morapi_binary(), "--check"};
  argv.insert(argv.end(), options.begin(), options.end());
  return run_command(argv, "", 30s);
}

std::vector<std::string> on(const std::string& database, const std::string& socket) {
  return {"--listen=" + socket, "--listen_group=", "--workers=3",
          "--db_socket=" + shared_mariadb().socket(), "--db_name=" + database};
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_good_configuration_is_ok_and_starts_nothing) {
  Stack stack;  // a database with the schema and the demo
  TempDir dir;
  const auto result = check(on(stack.database(), dir.file("s.sock")));
  BOOST_TEST(result.exit_code == 0);
  BOOST_TEST(result.output == "would listen on unix socket " + dir.file("s.sock") +
                                  " (mode 0660), 3 workers\n"
                                  "database " +
                                  stack.database() + " (" + shared_mariadb().socket() +
                                  "): schema ok\n"
                                  "morapi: the configuration in options is ok\n");
  BOOST_TEST(access(dir.file("s.sock").c_str(), F_OK) != 0);
}

BOOST_AUTO_TEST_CASE(a_mor_database_lacks_what_upgrade_sql_adds) {
  create_mor_shaped_database("mor_plain");
  TempDir dir;
  const auto result = check(on("mor_plain", dir.file("s.sock")));
  BOOST_TEST(result.exit_code == 1);
  const std::string lacks = "morapi: database mor_plain lacks ";
  for (const std::string item :
       {"cards unique (pin)", "cards unique (callerid,morapi_has_callerid)",
        "column dids.owner_tariff_id"}) {
    BOOST_TEST(
        result.output.find(lacks + item + ": run sql/upgrade.sql on it\n") != std::string::npos,
        item << " in " << result.output);
  }
  BOOST_TEST(result.output.ends_with(" problems\n"), result.output);
}

BOOST_AUTO_TEST_CASE(every_bad_line_is_named_and_no_database_is_asked) {
  TempDir dir;
  const std::string file = dir.file("morapi.conf");
  std::ofstream(file) << "# morapi\nworkers = 4\nworkers = lots\nlisten_mode\n"
                         "log_level = loud\nnope = 1\n";
  const auto result = check({"--config=" + file, "--db_socket=/nonexistent/db.sock"});
  BOOST_TEST(result.exit_code == 1);
  BOOST_TEST(result.output == "morapi: config: " + file +
                                  ":3: workers must be a non-negative number, got 'lots'\n"
                                  "morapi: config: " +
                                  file +
                                  ":4: expected key = value\n"
                                  "morapi: config: " +
                                  file +
                                  ":5: log_level must be debug, info, warn, error or fail\n"
                                  "morapi: config: " +
                                  file +
                                  ":6: unknown key 'nope'\n"
                                  "morapi: " +
                                  file + ": 4 problems\n");
}

BOOST_AUTO_TEST_CASE(an_unreadable_password_and_an_unreachable_database) {
  TempDir dir;
  const auto no_password =
      check({"--listen=" + dir.file("s.sock"), "--listen_group=",
             "--db_password_file=" + dir.file("db_password"), "--db_socket=/nonexistent/db.sock"});
  BOOST_TEST(no_password.exit_code == 1);
  BOOST_TEST(no_password.output.find("morapi: config: cannot read db_password_file " +
                                     dir.file("db_password") + "\n") != std::string::npos,
             no_password.output);
  BOOST_TEST(no_password.output.ends_with("morapi: options: 1 problem\n"), no_password.output);

  const auto unreachable =
      check({"--listen=" + dir.file("missing/s.sock"),
             "--listen_group=", "--db_socket=/nonexistent/db.sock", "--db_connect_timeout=1"});
  BOOST_TEST(unreachable.exit_code == 1);
  BOOST_TEST(unreachable.output.find("morapi: listen: directory " + dir.file("missing") +
                                     " does not exist\n") != std::string::npos,
             unreachable.output);
  BOOST_TEST(
      unreachable.output.find("morapi: database mor (/nonexistent/db.sock): ") != std::string::npos,
      unreachable.output);
  BOOST_TEST(unreachable.output.ends_with("morapi: options: 2 problems\n"), unreachable.output);
}

// The shipped example is what the package installs: before the password file exists, --check
// says so (and the start would too).
BOOST_AUTO_TEST_CASE(the_shipped_example_wants_its_password_file) {
  const auto result = check({"--config=" + source_dir() + "/deploy/morapi.conf.example"});
  BOOST_TEST(result.exit_code == 1);
  if (access("/etc/morapi/db_password", R_OK) != 0) {
    BOOST_TEST(result.output.find("morapi: config: cannot read db_password_file "
                                  "/etc/morapi/db_password\n") != std::string::npos,
               result.output);
  }
}
