#include "authz/watch.hpp"

#include <boost/test/unit_test.hpp>

#include "support/paths.hpp"
#include "support/process.hpp"

namespace morapi::testing::authz {
namespace {

// The tables every cell watches: morapi's, and `actions` unless wrong hashes are to be logged.
std::string checksum_query(Stack& stack, bool with_actions) {
  std::vector<std::string> tables = kMorapiTables;
  if (with_actions) tables.push_back("actions");
  return table_state_query(stack, tables);
}

}  // namespace

void load_rows(Stack& stack) {
  stack.exec(read_file(source_dir() + "/tests/integration/authz/rows.sql"));
}

Watch::Watch(Stack& stack, bool with_actions)
    : stack(stack), query(checksum_query(stack, with_actions)), baseline(stack.rows(query)) {}

std::string changed_tables(const Rows& before, const Rows& after) {
  std::string names;
  for (size_t i = 0; i < before.size() && i < after.size(); ++i) {
    if (before[i] != after[i]) names += before[i][0] + " ";
  }
  return names.empty() ? "none" : names;
}

void check_cell(Watch& watch, const Cell& cell, const std::vector<Ask>& asks) {
  BOOST_TEST_CONTEXT(cell.name()) {
    for (const Ask& ask : asks) {
      BOOST_TEST_CONTEXT(ask.how) {
        const auto response = ask.send();
        BOOST_TEST(response.status == 200);
        BOOST_TEST(response.body == ask.body);
      }
    }
    const Rows now = watch.stack.rows(watch.query);
    BOOST_TEST(changed_tables(watch.baseline, now) == "none");
    watch.baseline = now;
  }
}

void check_cell(Watch& watch, const Cell& cell, const std::string& uri, const std::string& body) {
  check_cell(watch, cell, {{"a GET", [&] { return watch.stack.get(uri); }, body}});
}

void only_hash_failures_were_logged(Stack& stack) {
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions WHERE user_id <> -1 OR action <> "
                          "'error' OR data <> 'API : Incorrect hash'") == "0");
}

}  // namespace morapi::testing::authz
