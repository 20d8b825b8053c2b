#pragma once
// The fault tests' load (issue 8): a mixed stream of requests (card top-ups, PIN moves,
// did_create, cli_add) in which every request has its own request_id and leaves its own mark in
// the database, so each answer can be held against what the database says afterwards
// (faults/check.hpp).
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace morapi::testing::faults {

using Clock = std::chrono::steady_clock;

// The MariaDB account only morapi uses in these tests, so that its sessions (processlist) and
// transactions (innodb_trx) are morapi's alone: --db_user and --db_password_file for the Stack.
inline const std::string kMorapiUser = "morapi_faults";
std::vector<std::string> morapi_account_options();

enum class Kind { top_up, pin_move, did_create, cli_add };
const char* kind_name(Kind kind);

struct Request {
  Kind kind = Kind::top_up;
  std::string key;   // its request_id
  std::string path;  // /billing/api/<method>
  std::string form;  // the signed POST body, request_id included
  // What it leaves behind: top_up its amount (unique), pin_move the PIN card's PIN, did_create
  // the DID, cli_add the CLI.
  std::string mark;
  int card = 0;  // cc_by_cli: id of the card it credits
};

// What one client was told.
struct Answer {
  Request request;
  int status = 0;       // 0: no HTTP answer at all (see failure)
  std::string outcome;  // X-Morapi-Outcome
  std::string body;
  std::string failure;  // the client's own error (reset, timeout), else empty
  Clock::time_point sent;
  Clock::time_point answered;
  double seconds() const { return std::chrono::duration<double>(answered - sent).count(); }
};

using Sender = std::function<Answer(const Request&)>;

// POST through nginx on 127.0.0.1:port; a client timeout above nginx's 60 s read timeout.
Answer send_http(int port, const Request& request,
                 std::chrono::milliseconds timeout = std::chrono::seconds(70));
// POST straight to a morapi socket over FastCGI, with extra params (e.g. MORAPI_RECEIVED_AT).
Answer send_fcgi(const std::string& socket, const Request& request,
                 const std::map<std::string, std::string>& params = {},
                 std::chrono::milliseconds timeout = std::chrono::seconds(70));

// Cards with caller IDs to top up and PIN cards to move onto them, made in the stack's
// database; DIDs and CLIs need nothing beforehand. t_start_cards keeps every card's balance
// before the load, for the money check.
class Workload {
 public:
  static constexpr int kCards = 4;  // card ids 1..kCards, caller IDs kCardCli + id
  Workload(Stack& stack, int pin_cards);

  // Request number n (each n once per Workload, 1 <= n < 1,000,000) of a kind drawn by rng:
  // 40% top-ups, 20% each of the others; a PIN move once every PIN card is taken is a top-up.
  Request make(int n, std::mt19937_64& rng);
  Request top_up(int n, int card);
  Request pin_move(int n, int card);
  Request did_create(int n);
  Request cli_add(int n);

  int pin_cards() const { return pin_cards_; }
  static std::string card_callerid(int card);
  static std::string pin_of(int pin_card);  // pin card i (1-based)

 private:
  Request cc_by_cli(Kind kind, int n, int card, const std::string& value);

  int pin_cards_;
  std::atomic<int> next_pin_{0};
};

// The request without its request_id (key empty): only nginx's implicit $request_id then keeps a
// re-sent copy from being applied twice (issue 10).
Request without_request_id(Request request);

// Runs `clients` threads, each sending workload requests one after another until running()
// turns false or max_requests were made in all. Request numbers start at first_n.
std::vector<Answer> run_load(Workload& workload, int clients, const Sender& send,
                             const std::function<bool()>& running, int max_requests,
                             int first_n = 1);

}  // namespace morapi::testing::faults
