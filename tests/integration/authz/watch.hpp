#pragma once
// What the authorization tests watch: the fixture rows they load, and the state of every table
// before and after each request.
#include <string>

#include "fixture.hpp"

namespace morapi::testing::authz {

// Loads tests/integration/authz/rows.sql into the stack's database.
void load_rows(Stack& stack);

// The state of every table (and of `actions`, unless a test expects wrong hashes to be logged),
// against which each cell's "nothing changed" is checked.
struct Watch {
  Watch(Stack& stack, bool with_actions);
  Stack& stack;
  const std::string query;
  Rows baseline;
};

// The tables whose state differs, "none" when none does.
std::string changed_tables(const Rows& before, const Rows& after);

}  // namespace morapi::testing::authz
