// The checks that follow every fault test's load: money, open transactions, retries, report.
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <sstream>

#include "faults/check.hpp"

namespace morapi::testing::faults {

void check_money(Stack& stack) {
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards c LEFT JOIN t_start_cards s ON s.id = c.id "
                          "WHERE s.id IS NULL OR c.balance <> s.balance + (SELECT "
                          "COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.paymenttype = "
                          "'Card' AND p.card = 1 AND p.user_id = c.id)") == "0");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards") ==
             stack.scalar("SELECT COUNT(*) FROM t_start_cards"));
  BOOST_TEST(stack.scalar("SELECT (SELECT SUM(balance) FROM cards) - (SELECT SUM(balance) FROM "
                          "t_start_cards) = (SELECT COALESCE(SUM(amount), 0) FROM payments WHERE "
                          "paymenttype = 'Card' AND amount > 1 AND amount < 2)") == "1");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments WHERE paymenttype <> 'Card'") == "0");
}

void check_no_open_transaction() {
  const std::string open =
      "SELECT COUNT(*) FROM information_schema.innodb_trx t JOIN information_schema.processlist "
      "p ON p.id = t.trx_mysql_thread_id WHERE p.user = '" +
      kMorapiUser + "'";
  wait_until([&] { return shared_mariadb().scalar("", open) == "0"; }, std::chrono::seconds(5),
             std::chrono::milliseconds(200));
  BOOST_TEST(shared_mariadb().scalar("", open) == "0",
             shared_mariadb().query("", "SELECT * FROM information_schema.innodb_trx").size()
                 << " open transactions");
}

std::vector<Answer> retry_untold(const std::vector<Answer>& answers, const Sender& send) {
  std::vector<Answer> retried;
  for (const Answer& answer : answers) {
    const Told claim = told(answer);
    // Without a request_id a retry would be a new request: only keyed ones are sent again.
    const bool keyed = !answer.request.key.empty();
    if (keyed && (claim == Told::unknown || claim == Told::other)) {
      retried.push_back(send(answer.request));
    }
  }
  int failed = 0;
  for (const Answer& answer : retried) {
    if (told(answer) != Told::success && ++failed <= 10) {
      BOOST_ERROR(answer.request.key << " retried: HTTP " << answer.status << " " << answer.body
                                     << answer.failure);
    }
  }
  BOOST_TEST(failed == 0, "retries that did not succeed");
  return retried;
}

std::string log_excerpt(const Stack& stack, int limit) {
  std::istringstream lines(stack.log());
  std::string excerpt;
  for (std::string line; limit > 0 && std::getline(lines, line);) {
    if (line.find(" warn ") != std::string::npos || line.find(" error ") != std::string::npos ||
        line.find(" fail ") != std::string::npos) {
      excerpt += line + "\n";
      --limit;
    }
  }
  return excerpt;
}

void report(const std::string& scenario, const Tally& tally, double seconds,
            const std::string& extra) {
  std::string others;
  for (const auto& [status, count] : tally.others) {
    others += (others.empty() ? " [" : ", ") + status + " x" + std::to_string(count);
  }
  for (const auto& [message, count] : tally.messages) {
    others += (others.empty() ? " [" : ", ") + message + " x" + std::to_string(count);
  }
  if (!others.empty()) others += "]";
  char line[2048];
  std::snprintf(line, sizeof line,
                "FAULTS %s: %d requests, %d successes, %d errors, %d 503 not-applied, %d 503 "
                "unknown, %d other (%d of unknown+other applied), %d contradictions, %d ledger "
                "mismatches, slowest %.2f s, run %.1f s%s%s%s",
                scenario.c_str(), tally.requests, tally.successes, tally.errors, tally.not_applied,
                tally.unknown, tally.other, tally.applied_unknown, tally.contradictions,
                tally.ledger_mismatches, tally.max_seconds, seconds, others.c_str(),
                extra.empty() ? "" : "; ", extra.c_str());
  std::printf("%s\n", line);
  std::fflush(stdout);
}

}  // namespace morapi::testing::faults
