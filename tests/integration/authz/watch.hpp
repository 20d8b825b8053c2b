#pragma once
// What the authorization tests watch: the fixture rows they load, the state of every table
// before and after each request, and each cell's answer.
#include <functional>
#include <string>
#include <vector>

#include "authz/matrix.hpp"
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

// One way of sending a cell's request, and the exact body it must get.
struct Ask {
  std::string how;
  std::function<HttpResponse()> send;
  std::string body;
};

// Sends the cell's requests (or a GET of `uri`), checks each status and exact body, then that
// nothing changed, naming the cell on failure; a change becomes the new baseline, so one
// broken cell does not fail the rest.
void check_cell(Watch& watch, const Cell& cell, const std::vector<Ask>& asks);
void check_cell(Watch& watch, const Cell& cell, const std::string& uri, const std::string& body);

// Every action written is a failed hash check (SPEC §2), nothing else.
void only_hash_failures_were_logged(Stack& stack);

}  // namespace morapi::testing::authz
