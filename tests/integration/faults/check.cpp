#include "faults/check.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace morapi::testing::faults {
namespace {

const std::string kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const std::string kCardOk = kDeclaration +
                            "<page>\n  <response>\n    <status>ok</status>\n    <card>\n"
                            "      <id>";
struct Truth {
  // top-up amount (as payments holds it) -> card id -> payments rows
  std::map<std::string, std::map<std::string, int>> top_ups;
  std::map<std::string, std::string> pin_card_balance;  // PIN -> balance
  std::map<std::string, int> moved_onto;                // "card:amount" -> payments rows
  std::map<std::string, std::string> dids;              // DID -> id
  std::set<std::string> clis;
  std::map<std::string, std::string> ledger;  // request_key -> stored answer

  explicit Truth(Stack& stack) {
    for (const auto& row :
         stack.rows("SELECT amount, user_id, COUNT(*) FROM payments WHERE paymenttype = 'Card' "
                    "AND card = 1 AND amount > 0 GROUP BY amount, user_id")) {
      top_ups[row[0]][row[1]] = std::stoi(row[2]);
      moved_onto[row[1] + ":" + row[0]] = std::stoi(row[2]);
    }
    for (const auto& row : stack.rows("SELECT pin, balance FROM cards WHERE id > 1000")) {
      pin_card_balance[row[0]] = row[1];
    }
    for (const auto& row : stack.rows("SELECT did, id FROM dids WHERE did LIKE '3707%'")) {
      dids[row[0]] = row[1];
    }
    for (const auto& row : stack.rows("SELECT cli FROM callerids WHERE cli LIKE '3708%'")) {
      clis.insert(row[0]);
    }
    // Without the ledger table every answer is still held against the rest.
    if (stack.scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                     "DATABASE() AND table_name = 'morapi_requests'") == "0") {
      BOOST_ERROR("the database has no morapi_requests table");
      return;
    }
    for (const auto& row : stack.rows(
             "SELECT request_key, answer FROM morapi_requests WHERE request_key LIKE 'req-%'")) {
      ledger[row[0]] = row[1];
    }
  }

  // How many times the request was applied; `state` says what the database holds.
  int applications(const Request& request, std::string& state) const {
    const std::string card = std::to_string(request.card);
    switch (request.kind) {
      case Kind::top_up: {
        const auto found = top_ups.find(request.mark + "000000000");
        int times = 0;
        state = "payments of " + request.mark + ":";
        if (found != top_ups.end()) {
          for (const auto& [on_card, rows] : found->second) {
            // Money on the wrong card is a contradiction too: count it twice.
            times += on_card == card ? rows : 2 * rows;
            state += " card " + on_card + " x" + std::to_string(rows);
          }
        }
        return times;
      }
      case Kind::pin_move: {
        const auto balance = pin_card_balance.find(request.mark);
        if (balance == pin_card_balance.end()) {
          state = "no PIN card";
          return 2;
        }
        state = "PIN card balance " + balance->second;
        if (balance->second != "0.000000000000000") return 0;
        // Its money went to the card the request named: 3.<i>, i the PIN's number.
        const std::string amount = "3." + request.mark.substr(2) + "000000000";
        const auto moved = moved_onto.find(card + ":" + amount);
        return moved != moved_onto.end() && moved->second == 1 ? 1 : 2;
      }
      case Kind::did_create:
        state = dids.count(request.mark) ? "DID id " + dids.at(request.mark) : "no DID";
        return static_cast<int>(dids.count(request.mark));
      case Kind::cli_add:
        state = clis.count(request.mark) ? "CLI exists" : "no CLI";
        return static_cast<int>(clis.count(request.mark));
    }
    return 0;
  }

  bool is_success_document(const Answer& answer) const {
    switch (answer.request.kind) {
      case Kind::top_up:
      case Kind::pin_move:
        return answer.body.starts_with(kCardOk + std::to_string(answer.request.card) + "</id>\n");
      case Kind::did_create: {
        const auto id = dids.find(answer.request.mark);
        return id != dids.end() && answer.body == did_created_document(id->second);
      }
      case Kind::cli_add:
        return answer.body == kCliCreatedDocument;
    }
    return false;
  }
};

std::string error_message(const std::string& body) {
  const size_t start = body.find("<error>");
  const size_t end = body.find("</error>");
  if (start == std::string::npos || end == std::string::npos || end < start) return body;
  return body.substr(start + 7, end - start - 7);
}

std::string describe(const Answer& answer, const std::string& state, const Truth& truth) {
  const auto stored = truth.ledger.find(answer.request.key);
  std::string text = std::string(kind_name(answer.request.kind)) + " " + answer.request.key + " (" +
                     answer.request.mark + ", card " + std::to_string(answer.request.card) +
                     ") answered HTTP " + std::to_string(answer.status) +
                     (answer.outcome.empty() ? "" : " outcome " + answer.outcome) + " after " +
                     std::to_string(answer.seconds()) +
                     " s: " + (answer.failure.empty() ? answer.body : "client: " + answer.failure) +
                     "\n  database: " + state +
                     "; ledger row: " + (stored == truth.ledger.end() ? "none" : stored->second);
  return text;
}

}  // namespace

const std::string kCliCreatedDocument =
    kDeclaration + "<page>\n  <status>CLI successfully created</status>\n</page>\n";

std::string did_created_document(const std::string& id) {
  return kDeclaration +
         "<page>\n  <status>\n    <success>DID created</success>\n  </status>\n"
         "  <did_details>\n    <id>" +
         id + "</id>\n  </did_details>\n</page>\n";
}

// How many times each request's change is in the database, read in one pass.

Told told(const Answer& answer) {
  if (answer.status == 200 && answer.body.find("<error>") != std::string::npos) {
    return Told::mor_error;
  }
  if (answer.status == 200) return Told::success;
  if (answer.status == 503 && !is_shapeless_503(answer)) {
    return answer.outcome == "not-applied" ? Told::not_applied : Told::unknown;
  }
  return Told::other;
}

bool is_shapeless_503(const Answer& answer) {
  return answer.status == 503 && (answer.body != page_error("Service unavailable") ||
                                  (answer.outcome != "not-applied" && answer.outcome != "unknown"));
}

void Tally::add(const Tally& more) {
  requests += more.requests;
  successes += more.successes;
  errors += more.errors;
  not_applied += more.not_applied;
  unknown += more.unknown;
  other += more.other;
  contradictions += more.contradictions;
  ledger_mismatches += more.ledger_mismatches;
  applied_unknown += more.applied_unknown;
  max_seconds = std::max(max_seconds, more.max_seconds);
  for (const auto& [status, count] : more.others) others[status] += count;
  for (const auto& [message, count] : more.messages) messages[message] += count;
}

Tally check_answers(Stack& stack, const std::vector<Answer>& answers) {
  const Truth truth(stack);
  Tally tally;
  int shown = 0;
  int shapeless = 0;
  const auto complain = [&](const std::string& what, const Answer& answer,
                            const std::string& state) {
    if (++shown <= 10) BOOST_ERROR(what << ": " << describe(answer, state, truth));
  };
  for (const Answer& answer : answers) {
    ++tally.requests;
    tally.max_seconds = std::max(tally.max_seconds, answer.seconds());
    std::string state;
    const int applied = truth.applications(answer.request, state);
    const auto stored = truth.ledger.find(answer.request.key);
    const bool in_ledger = stored != truth.ledger.end();
    // A request without a request_id (only nginx's implicit one) has a ledger row under an id
    // the client never saw: only its effect can be checked.
    const bool keyed = !answer.request.key.empty();
    const Told claim = told(answer);
    bool contradicted = applied > 1;
    switch (claim) {
      case Told::success:
        ++tally.successes;
        contradicted = contradicted || applied != 1 || !truth.is_success_document(answer);
        if (keyed && (!in_ledger || stored->second != answer.body)) {
          ++tally.ledger_mismatches;
          complain("a success whose ledger row does not hold its answer", answer, state);
        }
        break;
      case Told::mor_error:
      case Told::not_applied:
        ++(claim == Told::mor_error ? tally.errors : tally.not_applied);
        if (claim == Told::mor_error) ++tally.messages[error_message(answer.body)];
        contradicted = contradicted || applied != 0;
        break;
      case Told::unknown:
      case Told::other:
        ++(claim == Told::unknown ? tally.unknown : tally.other);
        if (applied > 0) ++tally.applied_unknown;
        if (claim == Told::other)
          ++tally.others[answer.status ? std::to_string(answer.status) : "none"];
        shapeless += is_shapeless_503(answer);
        break;
    }
    if (contradicted) {
      ++tally.contradictions;
      complain("answer contradicts the database", answer, state);
    }
    if (keyed && in_ledger != (applied > 0)) {
      ++tally.ledger_mismatches;
      complain("ledger and database disagree", answer, state);
    }
  }
  BOOST_TEST(tally.contradictions == 0, log_excerpt(stack));
  BOOST_TEST(tally.ledger_mismatches == 0);
  BOOST_TEST(shapeless == 0, "503 answers without Service unavailable and an outcome header");
  return tally;
}

}  // namespace morapi::testing::faults
