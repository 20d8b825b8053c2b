// Fault test 5 of issue 8: the same idempotency key sent by 16 clients at once, half of them to
// one morapi and half to another on the same database (two hosts behind one load balancer):
// exactly one application and 16 byte-identical answers, for every changing method, with the
// key as a request_id parameter and as an Idempotency-Key header.
#define BOOST_TEST_MODULE faults_idempotency
#include <boost/test/unit_test.hpp>

#include <latch>
#include <thread>

#include "faults/check.hpp"

using namespace morapi::testing;
using namespace morapi::testing::faults;
using namespace std::chrono_literals;

namespace {

constexpr int kClients = 16;
constexpr int kWorkers = 4;  // per instance

const std::string kReused = "Request id was already used with other parameters";

// The same request with its key in an Idempotency-Key header instead of request_id.
std::map<std::string, std::string> as_header(Request& request) {
  const std::string param = "&request_id=" + request.key;
  request.form.erase(request.form.find(param), param.size());
  return {{"HTTP_IDEMPOTENCY_KEY", request.key}};
}

// The 16 clients, released together; client i sends requests[i % requests.size()] to
// instance i % 2.
std::vector<Answer> at_once(const std::vector<std::string>& sockets,
                            const std::vector<Request>& requests,
                            const std::map<std::string, std::string>& params) {
  std::vector<Answer> answers(kClients);
  std::latch start(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      start.arrive_and_wait();
      answers[i] = send_fcgi(sockets[i % 2], requests[i % requests.size()], params);
    });
  }
  for (auto& client : clients) client.join();
  return answers;
}

std::string error_of(Kind kind, const std::string& message) {
  if (kind == Kind::top_up || kind == Kind::pin_move) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <error>" + message +
           "</error>\n</page>\n";
  }
  return page_error(message);
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_key_sixteen_clients_two_instances) {
  const auto started = Clock::now();
  const std::string database = "morapi_test_" + std::to_string(getpid()) + "_shared";
  shared_mariadb().create_database(database);
  Stack one(database, kWorkers, morapi_account_options());
  Stack two(database, kWorkers, morapi_account_options());
  const std::vector<std::string> sockets = {one.socket(), two.socket()};
  Workload workload(one, 100);

  std::vector<Answer> all;
  int rounds = 0;
  int identical_rounds = 0;
  for (int n = 1; n <= 40; ++n) {
    Request request = n % 4 == 0   ? workload.top_up(n, 1 + n % Workload::kCards)
                      : n % 4 == 1 ? workload.pin_move(n, 1 + n % Workload::kCards)
                      : n % 4 == 2 ? workload.did_create(n)
                                   : workload.cli_add(n);
    const auto params = n % 8 < 4 ? std::map<std::string, std::string>{} : as_header(request);
    const auto answers = at_once(sockets, {request}, params);
    ++rounds;
    bool identical = true;
    for (const auto& answer : answers) {
      identical = identical && answer.status == 200 && answer.body == answers[0].body;
    }
    identical_rounds += identical;
    BOOST_TEST(identical, kind_name(request.kind) << " " << request.key << ": " << answers[0].body
                                                  << " / " << answers[kClients - 1].body);
    BOOST_TEST(one.scalar("SELECT COUNT(*) FROM morapi_requests WHERE request_key = '" +
                          request.key + "'") == "1");
    all.insert(all.end(), answers.begin(), answers.end());

    // Later, the same key with other parameters changes nothing.
    Request other = request.kind == Kind::did_create ? workload.did_create(n + 500)
                                                     : workload.top_up(n + 500, 1);
    other.form.replace(other.form.find("req-" + std::to_string(n + 500)),
                       ("req-" + std::to_string(n + 500)).size(), request.key);
    other.key = request.key;
    const Answer reused = send_fcgi(sockets[n % 2], other);
    BOOST_TEST(reused.body == error_of(other.kind, kReused), reused.body);
  }
  const Tally tally = check_answers(one, all);
  BOOST_TEST(one.scalar("SELECT COUNT(*) FROM dids WHERE did LIKE '3707%'") == "10");
  BOOST_TEST(one.scalar("SELECT COUNT(*) FROM payments WHERE amount > 1 AND amount < 2") == "10");

  // The same key with two sets of parameters at once: one set wins, its 8 answers are equal,
  // the other 8 are refused, and only the winner's top-up is applied.
  Request first = workload.top_up(900, 1);
  Request second = workload.top_up(901, 2);
  second.form.replace(second.form.find("req-901"), 7, first.key);
  second.key = first.key;
  const auto contested = at_once(sockets, {first, second}, {});
  int won = 0, refused = 0;
  for (const auto& answer : contested) {
    won += told(answer) == Told::success;
    refused += answer.body == error_of(Kind::top_up, kReused);
  }
  BOOST_TEST(won == 8);
  BOOST_TEST(refused == 8);
  BOOST_TEST(one.scalar("SELECT COUNT(*) FROM payments WHERE amount IN (1.000900, 1.000901)") ==
             "1");
  check_money(one);
  check_no_open_transaction();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  report("one key from 16 clients at once on two morapi instances (4 workers each, FastCGI)", tally,
         seconds,
         std::to_string(identical_rounds) + " of " + std::to_string(rounds) +
             " rounds with 16 identical answers and one application");
}
