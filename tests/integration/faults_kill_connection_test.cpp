// Fault test 3 of issue 8: KILL CONNECTION of a random morapi session every 50 ms for 30 s under
// a mixed load through nginx. A session killed during COMMIT is the case that used to answer
// `Failed to make transaction` (or `DID creation failed`, `CLI was not created`) for a change
// that had been committed: now no answer may contradict the database.
#define BOOST_TEST_MODULE faults_kill_connection
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <thread>

#include "faults/check.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace std::chrono_literals;

namespace {

// One client session does all the killing, so a kill costs no process start: every 50 ms it
// kills one session of morapi's account, drawn at random, and prints its id.
std::string kill_loop_sql(int seconds) {
  return "DELIMITER //\n"
         "BEGIN NOT ATOMIC\n"
         "  DECLARE victim BIGINT;\n"
         "  DECLARE stop_at DATETIME(6) DEFAULT SYSDATE(6) + INTERVAL " +
         std::to_string(seconds) +
         " SECOND;\n"
         // The session may be gone between the SELECT and the KILL: try the next one.
         "  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;\n"
         "  WHILE SYSDATE(6) < stop_at DO\n"
         "    SET victim = NULL;\n"
         "    SELECT id INTO victim FROM information_schema.processlist WHERE user = '" +
         kMorapiUser +
         "' ORDER BY RAND() LIMIT 1;\n"
         "    IF victim IS NOT NULL THEN\n"
         "      KILL CONNECTION victim;\n"
         "      SELECT victim;\n"
         "    END IF;\n"
         "    DO SLEEP(0.05);\n"
         "  END WHILE;\n"
         "END //\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(kill_a_random_session_every_50_ms) {
  const auto started = Clock::now();
  constexpr int kWorkers = 4;
  Stack stack(kWorkers, morapi_account_options());
  Nginx nginx(stack.socket(), free_tcp_port());
  Workload workload(stack, 4000);
  const Sender send = [&](const Request& request) { return send_http(nginx.port(), request); };

  std::atomic<bool> loading{true};
  CommandResult kills{0, ""};
  std::thread killer([&] {
    kills = run_command(
        {"mariadb", "--no-defaults", "--socket=" + shared_mariadb().socket(), "-uroot", "-N", "-B"},
        kill_loop_sql(30), 90s);
    loading = false;
  });
  const auto answers = run_load(
      workload, 4, send, [&] { return loading.load(); }, 200000);
  killer.join();
  const double load_seconds = std::chrono::duration<double>(Clock::now() - started).count();
  BOOST_TEST(kills.exit_code == 0, kills.output);
  int killed = 0;
  std::istringstream lines(kills.output);
  for (std::string line; std::getline(lines, line);) killed += !line.empty();
  BOOST_TEST(killed > 300);

  const Tally tally = check_answers(stack, answers);
  check_no_open_transaction();
  const auto retried = retry_untold(answers, send);
  const Tally after_retry = check_answers(stack, retried);
  check_money(stack);
  check_no_open_transaction();
  BOOST_TEST(stack.workers().size() == static_cast<size_t>(kWorkers));
  report("KILL CONNECTION of a random session every 50 ms for 30 s (4 workers, 4 clients, nginx)",
         tally, load_seconds,
         std::to_string(killed) + " sessions killed, " + std::to_string(retried.size()) +
             " untold requests retried with their request_id: " +
             std::to_string(after_retry.successes) + " successes");
}
