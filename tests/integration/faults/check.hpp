#pragma once
// Holding every answer of a fault test against the database (issue 8): a success must be in
// the database (and its ledger row hold the very answer), a MOR error or a 503 `not-applied`
// must have changed nothing, anything else (503 `unknown`, 502, 504, no answer) may be either.
#include <map>
#include <string>
#include <vector>

#include "faults/load.hpp"

namespace morapi::testing::faults {

// The success documents of did_create (the new DID's id) and cli_add.
std::string did_created_document(const std::string& id);
extern const std::string kCliCreatedDocument;

// What an answer claims.
enum class Told {
  success,      // HTTP 200, the method's success document
  mor_error,    // HTTP 200, an error document: nothing changed
  not_applied,  // 503 Service unavailable, X-Morapi-Outcome: not-applied
  unknown,      // 503 Service unavailable, X-Morapi-Outcome: unknown
  other,        // anything else: nginx's 502/504, no answer, a timeout
};
Told told(const Answer& answer);
// A 503 that is not Service unavailable with one of the two outcome headers (SPEC §3).
bool is_shapeless_503(const Answer& answer);

struct Tally {
  int requests = 0;
  int successes = 0;
  int errors = 0;
  int not_applied = 0;
  int unknown = 0;
  int other = 0;
  int contradictions = 0;     // an answer the database contradicts, or a request applied twice
  int ledger_mismatches = 0;  // ledger row without the change or the change without its row
  int applied_unknown = 0;    // of unknown + other: how many were applied
  double max_seconds = 0;     // the slowest answer
  std::map<std::string, int> others;    // the `other` answers by HTTP status ("none": no answer)
  std::map<std::string, int> messages;  // the MOR errors by message

  void add(const Tally& other);
};

// Reads the database and checks each answer against it; reports the first contradictions as
// test errors with the request, the answer and what the database holds.
Tally check_answers(Stack& stack, const std::vector<Answer>& answers);

// Every card's balance is its start (t_start_cards) plus its payments; the cards together grew
// by exactly the top-ups' payments (PIN moves only move money); no card appeared or vanished.
void check_money(Stack& stack);
// No transaction of morapi's account is left open (waits up to 5 s for killed sessions to
// finish rolling back).
void check_no_open_transaction();

// Sends each answer's request again, same request_id, once the faults are over: every request
// then ends applied exactly once, answered with a success (the stored one if it had been
// applied). Only for answers that did not tell (unknown and other). Returns the new answers.
std::vector<Answer> retry_untold(const std::vector<Answer>& answers, const Sender& send);

// morapi's log lines above info (warn, error, fail), the first `limit`: for failure messages.
std::string log_excerpt(const Stack& stack, int limit = 30);

// One line for the README: the scenario's counts and run time, printed and logged.
void report(const std::string& scenario, const Tally& tally, double seconds,
            const std::string& extra = "");

}  // namespace morapi::testing::faults
