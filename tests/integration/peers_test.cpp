// FastCGI peers that talk straight to morapi's socket, not through nginx, must not hold a worker:
// not by sending their request slowly, nor by dripping bytes after it, nor by keeping the
// connection after the answer (issue 7, item 12). One worker, io_timeout 2 s.
#define BOOST_TEST_MODULE peers
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <future>
#include <memory>
#include <thread>

#include "fixture.hpp"
#include "support/fcgi_peer.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

constexpr double kIoTimeout = 2;
// What a loaded machine (two cores, other builds running) may add to a deadline.
constexpr double kMargin = 1;
constexpr unsigned char kStdin = 5;

FcgiRequest health(const std::string& method = "GET", const std::string& body = "") {
  FcgiRequest request;
  request.method = method;
  request.uri = "/billing/api/_health";
  request.body = body;
  if (!body.empty()) request.content_type = "application/x-www-form-urlencoded";
  return request;
}

// Another client asks for _health 200 ms from now: its status, and the seconds it waited.
std::future<std::pair<int, double>> other_client(const Stack& stack) {
  return std::async(std::launch::async, [socket = stack.socket()] {
    std::this_thread::sleep_for(200ms);
    const auto asked = Clock::now();
    const int status = fcgi_request(socket, health(), 15s).status;
    return std::pair(status, seconds_between(asked, Clock::now()));
  });
}

// The other client was answered, and waited at most io_timeout (plus what load may add).
void expect_served_in_time(std::future<std::pair<int, double>>& other) {
  const auto [status, waited] = other.get();
  BOOST_TEST_MESSAGE("the other client waited " << waited << " s");
  BOOST_TEST(status == 200);
  BOOST_TEST(waited <= kIoTimeout + kMargin);
}

// The peer was dropped io_timeout after it connected: not before, not much after.
void expect_held_for_io_timeout(Clock::time_point connected, Clock::time_point dropped) {
  const double held = seconds_between(connected, dropped);
  BOOST_TEST_MESSAGE("peer dropped after " << held << " s");
  BOOST_TEST(held >= kIoTimeout - 0.2);
  BOOST_TEST(held <= kIoTimeout + kMargin);
}

// The peer sends `now` at once and then drips `slowly` (a byte every 100 ms) while another client
// asks for _health. The only worker must drop the peer io_timeout after it connected (not
// before, not much after) and then serve the other client.
void expect_dropped_at_io_timeout(const std::string& now, const std::string& slowly) {
  Stack stack(1, {"--io_timeout=2"});
  FcgiPeer peer(stack.socket());
  BOOST_REQUIRE(peer.send(now));
  auto other = other_client(stack);
  BOOST_TEST(peer.drip(slowly, 100ms, 8s));
  if (peer.refused_at()) {
    expect_held_for_io_timeout(peer.connected_at(), *peer.refused_at());
  }
  expect_served_in_time(other);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_peer_dripping_its_params_is_dropped_at_io_timeout) {
  const std::string request = encode_fcgi_request(health());
  BOOST_REQUIRE(request.size() > 100);
  expect_dropped_at_io_timeout(request.substr(0, 24), request.substr(24));
}

BOOST_AUTO_TEST_CASE(a_peer_dripping_its_body_is_dropped_at_io_timeout) {
  // The body is promised in full by CONTENT_LENGTH and comes a byte at a time: the request is
  // incomplete when it is dropped, and libfcgi's close must not wait for the rest either.
  const std::string request = encode_fcgi_request(health("POST", std::string(100, 'a')));
  const size_t body = first_fcgi_record(request, kStdin) + 8 + 3;
  expect_dropped_at_io_timeout(request.substr(0, body), request.substr(body));
}

BOOST_AUTO_TEST_CASE(a_peer_dripping_after_its_request_is_dropped_at_io_timeout) {
  // A whole request, answered; then the peer goes on sending while morapi closes the connection
  // (libfcgi reads to the end of the input before it closes).
  Stack stack(1, {"--io_timeout=2"});
  FcgiPeer peer(stack.socket());
  BOOST_REQUIRE(peer.send(encode_fcgi_request(health())));
  BOOST_TEST(parse_cgi_response(peer.read_answer(5s).stdout_data).status == 200);
  const auto answered = Clock::now();
  auto other = other_client(stack);
  BOOST_TEST(peer.drip(std::string(100, '\0'), 100ms, 8s));
  if (peer.refused_at()) {
    const double held = seconds_between(answered, *peer.refused_at());
    BOOST_TEST_MESSAGE("peer dropped " << held << " s after its answer");
    BOOST_TEST(held <= kIoTimeout + kMargin);
  }
  expect_served_in_time(other);
}

BOOST_AUTO_TEST_CASE(a_stalled_peer_is_dropped_at_io_timeout) {
  // Half a request header, then nothing.
  Stack stack(1, {"--io_timeout=2"});
  FcgiPeer peer(stack.socket());
  BOOST_REQUIRE(peer.send(std::string(1, '\1')));
  auto other = other_client(stack);
  BOOST_TEST(peer.wait_ended(8s));
  if (peer.ended_at()) {
    expect_held_for_io_timeout(peer.connected_at(), *peer.ended_at());
  }
  expect_served_in_time(other);
}

BOOST_AUTO_TEST_CASE(a_truncated_body_does_nothing) {
  // PARAMS promise a 100-byte body of which 10 bytes come, then the peer waits.
  Stack stack(1, {"--io_timeout=1"});
  FcgiRequest post;
  post.method = "POST";
  post.uri = "/billing/api/did_create?" + kSeedDidCreateQuery;
  post.content_type = "application/x-www-form-urlencoded";
  post.body = std::string(100, 'a');
  const std::string request = encode_fcgi_request(post);
  FcgiPeer peer(stack.socket());
  BOOST_REQUIRE(peer.send(request.substr(0, first_fcgi_record(request, kStdin) + 8 + 10)));
  BOOST_TEST(peer.wait_ended(5s));
  BOOST_TEST(fcgi_request(stack.socket(), health(), 5s).status == 200);
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  BOOST_TEST(stack.log().find("request body ended early") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(kept_connections_do_not_hold_the_workers) {
  // Two peers ask with FCGI_KEEP_CONN (nginx's fastcgi_keep_conn), one per worker, and would
  // keep their connections for the next request. morapi ends each connection after its answer
  // (a peer then closes its end, as nginx does), so a third client is served at once, not after
  // io_timeout or never.
  Stack stack(2, {"--io_timeout=2"});
  std::vector<std::unique_ptr<FcgiPeer>> kept;
  for (int i = 0; i < 2; ++i) {
    kept.push_back(std::make_unique<FcgiPeer>(stack.socket()));
    BOOST_REQUIRE(kept.back()->send(encode_fcgi_request(health(), true)));
    BOOST_TEST(parse_cgi_response(kept.back()->read_answer(5s).stdout_data).status == 200);
  }
  const auto answered = Clock::now();
  auto third = std::async(std::launch::async, [socket = stack.socket(), answered] {
    const int status = fcgi_request(socket, health(), 10s).status;
    return std::pair(status, seconds_between(answered, Clock::now()));
  });
  for (auto& peer : kept) {
    BOOST_TEST(peer->wait_ended(1s));
    if (peer->ended_at()) BOOST_TEST(seconds_between(answered, *peer->ended_at()) <= 0.5);
    peer.reset();
  }
  const auto [status, waited] = third.get();
  BOOST_TEST_MESSAGE("the third client was answered " << waited << " s after the kept ones");
  BOOST_TEST(status == 200);
  BOOST_TEST(waited <= 1.0);
}
