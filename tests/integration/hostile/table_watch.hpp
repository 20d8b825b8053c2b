#pragma once
// The state of every table the hostile rows may touch, read after each row over one kept
// Connector/C++ connection: a `mariadb` client process per row (Stack::rows) took most of the
// table's run time.
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace morapi::testing::hostile {

// Watches every table morapi uses but `actions`: a failed hash check writes one there, at most
// one a second per client address (SPEC §2), so whether a row adds one depends on the clock (the
// runner checks that every action is a failed hash check instead).
class TableWatch {
 public:
  explicit TableWatch(Stack& stack) {
    query_ = table_state_query(stack, kMorapiTables);
    sql::ConnectOptionsMap options;
    options["hostName"] = sql::SQLString("localhost");
    options["socket"] = sql::SQLString(shared_mariadb().socket());
    options["userName"] = sql::SQLString("root");
    options["password"] = sql::SQLString("");
    options["schema"] = sql::SQLString(stack.database());
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    connection_.reset(sql::mysql::get_mysql_driver_instance()->connect(options));
    baseline_ = state();
  }

  // The tables that changed since the last call (or since construction).
  std::set<std::string> changed() {
    const Rows now = state();
    std::set<std::string> names;
    for (size_t i = 0; i < now.size() && i < baseline_.size(); ++i) {
      if (now[i] != baseline_[i]) names.insert(now[i][0]);
    }
    baseline_ = now;
    return names;
  }

 private:
  Rows state() {
    std::unique_ptr<sql::Statement> statement(connection_->createStatement());
    std::unique_ptr<sql::ResultSet> result(statement->executeQuery(query_));
    Rows rows;
    while (result->next()) {
      rows.push_back({result->getString(1), result->getString(2), result->getString(3)});
    }
    return rows;
  }

  std::string query_;
  std::unique_ptr<sql::Connection> connection_;
  Rows baseline_;
};

}  // namespace morapi::testing::hostile
