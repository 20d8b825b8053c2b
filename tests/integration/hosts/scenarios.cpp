#include "hosts/scenarios.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <sstream>

#include "hosts/races.hpp"

namespace morapi::testing::hosts {
using namespace std::chrono_literals;
using faults::Answer;
using faults::Request;
using faults::Workload;
namespace {

// N of a `Cards created: N/M` answer, 0 for `Cards already exist`, -1 for anything else.
int64_t cards_created(const std::string& body) {
  if (body == page_error("Cards already exist")) return 0;
  const std::string head = "<success>Cards created: ";
  const size_t at = body.find(head);
  if (at == std::string::npos) return -1;
  return std::stoll(body.substr(at + head.size()));
}

// Of two answers to the same request sent to two hosts at once, one is `created` and the other
// `refused`, in either order.
void expect_one_created(const Pair& answers, const std::string& created, const std::string& refused,
                        const std::string& what) {
  const auto& [one, two] = answers;
  BOOST_TEST(((one.body == created && two.body == refused) ||
              (one.body == refused && two.body == created)),
             what << ": " << one.body << " / " << two.body);
}

}  // namespace

faults::Sender split_sender(const Nginx& nginx, const AppHost& a, const AppHost& b) {
  return [&nginx, a = a.endpoint(), b = b.endpoint()](const Request& request) {
    static std::atomic<int> turn{0};
    switch (turn++ % 3) {
      case 0:
        return faults::send_http(nginx.port(), request, 30s);
      case 1:
        return faults::send_fcgi(a, request, {}, 30s);
      default:
        return faults::send_fcgi(b, request, {}, 30s);
    }
  };
}

void race_dids_and_clis(Stack& stack, const std::string& a, const std::string& b) {
  // The same DID and the same CLI on both hosts at once: one is created, the other refused.
  for (int i = 0; i < 40; ++i) {
    const std::string did = "37099000" + std::to_string(1000 + i);
    const std::string uri = "/billing/api/did_create?u=admin&provider_id=1&did=" + did +
                            "&hash=" + sha1("1" + did + "secret");
    const Pair answers =
        at_once([&] { return get_from(a, uri); }, [&] { return get_from(b, uri); });
    const std::string id = stack.scalar("SELECT id FROM dids WHERE did = '" + did + "'");
    expect_one_created(answers, faults::did_created_document(id), page_error("DID already exists"),
                       did);
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did LIKE '37099000%'") == "40");
  const std::string cli_taken =
      page_error("CLI already exists. It is assigned to user_admin device");
  for (int i = 0; i < 40; ++i) {
    const std::string cli = "37098000" + std::to_string(1000 + i);
    const std::string uri = "/billing/api/cli_add?u=admin&device_id=2&cli_number=" + cli +
                            "&hash=" + sha1("2" + cli + "secret");
    const Pair answers =
        at_once([&] { return get_from(a, uri); }, [&] { return get_from(b, uri); });
    expect_one_created(answers, faults::kCliCreatedDocument, cli_taken, cli);
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM callerids WHERE cli LIKE '37098000%'") == "40");
}

void race_idempotency_keys(Stack& stack, const std::string& a, const std::string& b) {
  // One idempotency key sent to both hosts at once: applied once, both told the same answer.
  for (int i = 0; i < 30; ++i) {
    // 1.9xxx: apart from the load's top-ups (1.00nnnn), inside the range check_money counts.
    const std::string amount = "1.9" + std::to_string(100 + i);
    const std::string callerid = Workload::card_callerid(1 + i % Workload::kCards);
    const std::string uri = "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=" + callerid +
                            "&amount=" + amount + "&hash=" + sha1(amount + callerid + "secret");
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "twice-" + amount}};
    const auto [one, two] =
        at_once([&] { return get_from(a, uri, key); }, [&] { return get_from(b, uri, key); });
    BOOST_TEST(one.status == 200);
    BOOST_TEST(one.body.find("<status>ok</status>") != std::string::npos, one.body);
    BOOST_TEST(one.body == two.body);
    BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM payments WHERE amount = " + amount) == "1");
  }
}

void race_signed_nonces(Stack& stack, const std::string& a, const std::string& b) {
  // Signed requests are verified whether or not the owner requires it (the hosts cache settings).
  const std::string replayed = page_error("Request replayed");
  for (int i = 0; i < 20; ++i) {
    const std::string did = "370688" + std::to_string(1000 + i);
    const SignedGet get = reseller_signed_did_create(did, "race-nonce-" + std::to_string(i),
                                                     std::to_string(time(nullptr)));
    const auto [one, two] = at_once([&] { return get_from(a, get.uri, get.headers); },
                                    [&] { return get_from(b, get.uri, get.headers); });
    const bool one_created = one.body.find("<success>DID created</success>") != std::string::npos;
    const bool two_created = two.body.find("<success>DID created</success>") != std::string::npos;
    BOOST_TEST(one_created != two_created, one.body << two.body);
    BOOST_TEST((one_created ? two.body : one.body) == replayed);
    BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE did = '" + did + "'") == "1");
  }
}

void race_card_batches(Stack& stack, const std::string& a, const std::string& b) {
  // Overlapping card batches on both hosts at once: every number and PIN once, and the
  // created counts add up to the cards there are.
  int64_t created = 0;
  // Not a structured binding: clang 14 (the ASan build) cannot capture one in a lambda.
  for (const auto& range : {std::pair{5000000000, 5000000600},     // overlapping
                            std::pair{5000002000, 5000002000}}) {  // the same range
    const auto batch = [&](const std::string& host, int64_t from) {
      const std::string first = std::to_string(from);
      const std::string last = std::to_string(from + 999);
      const std::string uri =
          "/billing/api/calling_cards_create?u=admin&card_group_id=1&cards_from=" + first +
          "&cards_till=" + last + "&hash=" + sha1("1" + first + last + "secret");
      return get_from(host, uri);
    };
    const auto [one, two] =
        at_once([&] { return batch(a, range.first); }, [&] { return batch(b, range.second); });
    created += cards_created(one.body) + cards_created(two.body);
    BOOST_TEST(cards_created(one.body) >= 0, one.body);
    BOOST_TEST(cards_created(two.body) >= 0, two.body);
  }
  BOOST_TEST(created == 2600);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM cards WHERE number LIKE '50000%'") ==
             std::to_string(created));
  BOOST_TEST(stack.scalar("SELECT COUNT(DISTINCT pin) FROM cards") ==
             stack.scalar("SELECT COUNT(*) FROM cards"));
}

// Requests nginx sent to a second host, from its access log (upstream=A, B status=S1, S2), by
// the first host's status: 502 (connection refused or reset), 504 (timed out).
std::map<std::string, int> resent_by_nginx(const Nginx& nginx) {
  std::map<std::string, int> resent;
  std::istringstream lines(read_file(nginx.dir() + "/access.log"));
  for (std::string line; std::getline(lines, line);) {
    const size_t status = line.find(" status=");
    const size_t comma = line.find(", ", status);
    if (status == std::string::npos || comma == std::string::npos) continue;
    const size_t time = line.find(" time=", status);
    if (comma < time) ++resent[line.substr(status + 8, comma - status - 8)];
  }
  return resent;
}

}  // namespace morapi::testing::hosts
