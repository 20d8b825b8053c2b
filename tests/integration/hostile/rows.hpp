#pragma once
// The whole hostile table: every group of rows, and the fixture rows some of them need.
#include "hostile/rows_bodies.hpp"
#include "hostile/rows_bytes.hpp"
#include "hostile/rows_meta.hpp"
#include "hostile/rows_methods.hpp"
#include "hostile/rows_shape.hpp"
#include "hostile/rows_values.hpp"

namespace morapi::testing::hostile {

// Beside sql/demo.sql: a caller ID on device 2 (user 2, the admin's), for cc_by_cli's device
// branch; card groups of 20- and 40-digit numbers (ids 20, 40), for ranges beyond 64 bits.
inline const std::string kFixtureSql =
    "INSERT INTO callerids (cli, device_id, description, added_at, created_at, updated_at) "
    "VALUES ('37061111111', 2, 'hostile', NOW(), NOW(), NOW());"
    "INSERT INTO cardgroups (id, name, number_length, pin_length, owner_id, tax_id, price) VALUES "
    "(20, 'twenty', 20, 8, 0, 1, 0), (40, 'forty', 40, 8, 0, 1, 0);";

inline std::vector<Row> rows() {
  std::vector<Row> all;
  for (auto group : {size_rows, repeated_name_rows, escape_rows, byte_rows, http_method_rows,
                     path_rows, fastcgi_rows, amount_rows, card_range_rows, multipart_rows,
                     json_rows, chunked_rows, metacharacter_rows}) {
    for (Row& row : group()) all.push_back(std::move(row));
  }
  return all;
}

}  // namespace morapi::testing::hostile
