#include "faults/load.hpp"

#include <cstdio>
#include <mutex>
#include <thread>

#include "support/http_client.hpp"
#include "support/paths.hpp"

namespace morapi::testing::faults {
namespace {

constexpr int kFirstPinCardId = 1000;

// n as exactly `digits` decimal digits (n < 10^digits).
std::string digits(int n, int width) {
  char text[32];
  std::snprintf(text, sizeof text, "%0*d", width, n);
  return text;
}

const char* form_type = "application/x-www-form-urlencoded";

Request named(Kind kind, int n, const std::string& method) {
  Request request;
  request.kind = kind;
  request.key = "req-" + std::to_string(n);
  request.path = "/billing/api/" + method;
  return request;
}

}  // namespace

std::vector<std::string> morapi_account_options() {
  static TempDir dir;
  static const std::vector<std::string> options = [] {
    // The README's grants (DELETE only for purging the ledger there), on every database a Stack
    // makes (morapi_test_*).
    shared_mariadb().exec("", "CREATE USER IF NOT EXISTS '" + kMorapiUser +
                                  "'@'localhost' IDENTIFIED BY 'faults-pw'; GRANT SELECT, INSERT, "
                                  "UPDATE, DELETE ON `morapi_test_%`.* TO '" +
                                  kMorapiUser + "'@'localhost'");
    const std::string password_file = dir.file("db_password");
    FILE* file = std::fopen(password_file.c_str(), "w");
    if (!file) throw std::runtime_error("cannot write " + password_file);
    std::fputs("faults-pw\n", file);
    std::fclose(file);
    return std::vector<std::string>{"--db_user=" + kMorapiUser,
                                    "--db_password_file=" + password_file};
  }();
  return options;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::top_up:
      return "top-up";
    case Kind::pin_move:
      return "PIN move";
    case Kind::did_create:
      return "did_create";
    case Kind::cli_add:
      return "cli_add";
  }
  return "?";
}

Answer send_http(int port, const Request& request, std::chrono::milliseconds timeout) {
  Answer answer;
  answer.request = request;
  answer.sent = Clock::now();
  try {
    const auto response = http_request("127.0.0.1", port, "POST", request.path, request.form,
                                       {{"Content-Type", form_type}}, timeout);
    answer.status = response.status;
    answer.outcome = response.header("X-Morapi-Outcome");
    answer.body = response.body;
  } catch (const std::exception& error) {
    answer.failure = error.what();
  }
  answer.answered = Clock::now();
  return answer;
}

Answer send_fcgi(const std::string& socket, const Request& request,
                 const std::map<std::string, std::string>& params,
                 std::chrono::milliseconds timeout) {
  Answer answer;
  answer.request = request;
  FcgiRequest fcgi;
  fcgi.method = "POST";
  fcgi.uri = request.path;
  fcgi.body = request.form;
  fcgi.content_type = form_type;
  fcgi.extra_params = params;
  answer.sent = Clock::now();
  try {
    const auto response = fcgi_request(socket, fcgi, timeout);
    answer.status = response.status;
    answer.outcome = response.header("X-Morapi-Outcome");
    answer.body = response.body;
  } catch (const std::exception& error) {
    answer.failure = error.what();
  }
  answer.answered = Clock::now();
  return answer;
}

Workload::Workload(Stack& stack, int pin_cards) : pin_cards_(pin_cards) {
  std::string cards;
  for (int card = 1; card <= kCards; ++card) {
    cards += std::string(cards.empty() ? "" : ", ") + "(" + std::to_string(card) +
             ", 1, '200000000" + std::to_string(card) + "', '9000000" + std::to_string(card) +
             "', 0, 100, 1, '" + card_callerid(card) + "')";
  }
  // PIN card i: number 4000000000 + i, PIN pin_of(i), balance 3.<i in six digits> (unique, and
  // apart from every top-up amount, 1.<n>), unsold, in the admin's group 1.
  stack.exec(
      "INSERT INTO cards (id, cardgroup_id, number, pin, owner_id, balance, sold, callerid) "
      "VALUES " +
      cards +
      "; INSERT INTO cards (id, cardgroup_id, number, pin, owner_id, balance, sold) SELECT " +
      std::to_string(kFirstPinCardId) +
      " + seq, 1, CONCAT('4', LPAD(seq, 9, '0')), CONCAT('6', LPAD(seq, 7, '0')), 0, "
      "CAST(CONCAT('3.', LPAD(seq, 6, '0')) AS DECIMAL(20, 6)), 0 FROM seq_1_to_" +
      std::to_string(pin_cards) + "; CREATE TABLE t_start_cards AS SELECT id, balance FROM cards");
}

std::string Workload::card_callerid(int card) {
  return "555100000" + std::to_string(card);
}

std::string Workload::pin_of(int pin_card) {
  return "6" + digits(pin_card, 7);
}

Request Workload::cc_by_cli(Kind kind, int n, int card, const std::string& value) {
  Request request = named(kind, n, "cc_by_cli");
  request.card = card;
  request.mark = value;
  const std::string callerid = card_callerid(card);
  // MOR order: pin, amount, callerid.
  const std::string field = kind == Kind::top_up ? "amount" : "pin";
  request.form = "u=admin&p=admin1&callerid=" + callerid + "&" + field + "=" + value +
                 "&request_id=" + request.key + "&hash=" + sha1(value + callerid + "secret");
  return request;
}

Request Workload::top_up(int n, int card) {
  return cc_by_cli(Kind::top_up, n, card, "1." + digits(n, 6));
}

Request Workload::pin_move(int n, int card) {
  const int pin_card = ++next_pin_;
  if (pin_card > pin_cards_) return top_up(n, card);
  return cc_by_cli(Kind::pin_move, n, card, pin_of(pin_card));
}

Request Workload::did_create(int n) {
  Request request = named(Kind::did_create, n, "did_create");
  request.mark = "3707" + digits(n, 8);
  request.form = "u=admin&provider_id=1&did=" + request.mark + "&request_id=" + request.key +
                 "&hash=" + sha1("1" + request.mark + "secret");
  return request;
}

Request Workload::cli_add(int n) {
  Request request = named(Kind::cli_add, n, "cli_add");
  request.mark = "3708" + digits(n, 8);
  request.form = "u=admin&device_id=2&cli_number=" + request.mark + "&request_id=" + request.key +
                 "&hash=" + sha1("2" + request.mark + "secret");
  return request;
}

Request Workload::make(int n, std::mt19937_64& rng) {
  const int roll = static_cast<int>(rng() % 100);
  const int card = 1 + static_cast<int>(rng() % kCards);
  if (roll < 40) return top_up(n, card);
  if (roll < 60) return pin_move(n, card);
  if (roll < 80) return did_create(n);
  return cli_add(n);
}

Request without_request_id(Request request) {
  const std::string field = "&request_id=" + request.key;
  const size_t at = request.form.find(field);
  if (at != std::string::npos) request.form.erase(at, field.size());
  request.key.clear();
  return request;
}

std::vector<Answer> run_load(Workload& workload, int clients, const Sender& send,
                             const std::function<bool()>& running, int max_requests, int first_n) {
  std::atomic<int> next{first_n};
  std::mutex mutex;
  std::vector<Answer> answers;
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(7919 * (t + 1) + first_n);
      std::vector<Answer> mine;
      for (int n; running() && (n = next++) < first_n + max_requests;) {
        mine.push_back(send(workload.make(n, rng)));
      }
      std::lock_guard lock(mutex);
      answers.insert(answers.end(), mine.begin(), mine.end());
    });
  }
  for (auto& thread : threads) thread.join();
  return answers;
}

}  // namespace morapi::testing::faults
