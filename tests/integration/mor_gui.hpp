#pragma once
// What MOR's own GUI sends to the cards table, for the tests of a database MOR and morapi share.
#include <map>
#include <stdexcept>
#include <string>

#include "fixture.hpp"

namespace morapi::testing {

// MOR's own tables are utf8 with utf8_general_ci (sql/schema.sql keeps callerid binary): there
// another case and trailing spaces name the same caller ID.
inline void use_mors_collation(const std::string& database) {
  shared_mariadb().exec(database,
                        "ALTER TABLE cards MODIFY callerid varchar(30) CHARACTER SET utf8mb3 "
                        "COLLATE utf8mb3_general_ci DEFAULT NULL");
}

// The client's error for sql; empty when it succeeded.
inline std::string error_of(const std::string& database, const std::string& sql) {
  try {
    shared_mariadb().exec(database, sql);
    return "";
  } catch (const std::runtime_error& error) {
    return error.what();
  }
}

inline bool is_duplicate(const std::string& error) {
  return error.find("Duplicate entry") != std::string::npos;
}

// MOR's GUI (Rails 3.2) creating a card in group 1: an INSERT naming every column of the table
// (as the server lists them), those the form does not set at their default - NULL for a
// generated column.
inline std::string mor_creates_card(const std::string& database, const std::string& number,
                                    const std::string& pin, const std::string& callerid) {
  const std::map<std::string, std::string> set = {{"cardgroup_id", "1"},
                                                  {"number", "'" + number + "'"},
                                                  {"pin", "'" + pin + "'"},
                                                  {"callerid", "'" + callerid + "'"}};
  std::string names;
  std::string values;
  for (const auto& column : shared_mariadb().query(
           database,
           "SELECT COLUMN_NAME, COLUMN_DEFAULT FROM information_schema.COLUMNS WHERE "
           "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'cards' AND COLUMN_NAME <> 'id' "
           "ORDER BY ORDINAL_POSITION")) {
    const auto given = set.find(column[0]);
    names += (names.empty() ? "`" : ", `") + column[0] + "`";
    values += (values.empty() ? "" : ", ") + (given == set.end() ? column[1] : given->second);
  }
  return error_of(database, "INSERT INTO `cards` (" + names + ") VALUES (" + values + ")");
}

// MOR's GUI saving an edited card: Rails updates the changed column only.
inline std::string mor_sets_callerid(const std::string& database, int card,
                                     const std::string& callerid) {
  return error_of(database, "UPDATE `cards` SET `callerid` = '" + callerid +
                                "' WHERE `cards`.`id` = " + std::to_string(card));
}

}  // namespace morapi::testing
