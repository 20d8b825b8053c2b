// The HTTP path (SPEC §7): nginx with the shipped site config in front of real workers.
#define BOOST_TEST_MODULE nginx
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "fixture.hpp"
#include "support/http_client.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

const std::string& kSeedQuery = kSeedDidCreateQuery;

struct Site {
  Stack stack;
  Nginx nginx{stack.socket(), free_tcp_port()};

  HttpResponse http(const std::string& method, const std::string& target,
                    const std::string& body = "",
                    const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return http_request("127.0.0.1", nginx.port(), method, target, body, headers);
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(same_answer_through_nginx_and_over_fastcgi) {
  Site site;
  const auto via_nginx = site.http("GET", "/billing/api/did_create?" + kSeedQuery);
  BOOST_TEST(via_nginx.status == 200);
  BOOST_TEST(via_nginx.body.find("<success>DID created</success>") != std::string::npos);
  BOOST_TEST(via_nginx.header("Content-Type") == "text/xml; charset=utf-8");
  BOOST_TEST(via_nginx.header("Content-Disposition") ==
             "attachment; filename=mor_api_response.xml");

  // The repeat, once through nginx and once straight to the socket: the same bytes.
  FcgiRequest direct;
  direct.uri = "/billing/api/did_create?" + kSeedQuery;
  const auto over_fastcgi = fcgi_request(site.stack.socket(), direct);
  const auto again = site.http("GET", "/billing/api/did_create?" + kSeedQuery);
  BOOST_TEST(over_fastcgi.body == page_error("DID already exists"));
  BOOST_TEST(again.body == over_fastcgi.body);
  BOOST_TEST(again.header("Content-Type") == over_fastcgi.header("Content-Type"));
  BOOST_TEST(again.header("Content-Disposition") == over_fastcgi.header("Content-Disposition"));
  BOOST_TEST(site.stack.scalar("SELECT COUNT(*) FROM dids WHERE did = '123456789'") == "1");
}

BOOST_AUTO_TEST_CASE(api_prefix_post_and_unknown_method) {
  Site site;
  const auto posted = site.http("POST", "/api/did_create", kSeedQuery,
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
  BOOST_TEST(posted.status == 200);
  BOOST_TEST(posted.body.find("<success>DID created</success>") != std::string::npos);
  const auto unknown = site.http("GET", "/billing/api/no_such_method");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(unknown.body == status_error("There is no such API"));
}

BOOST_AUTO_TEST_CASE(client_address_reaches_the_actions_row) {
  Site site;
  site.http("GET", "/billing/api/did_create?u=admin&did=1&provider_id=1&p=pw&hash=bad");
  BOOST_TEST(site.stack.rows("SELECT data2, data3 FROM actions") ==
             (std::vector<std::vector<std::string>>{
                 {"/billing/api/did_create?u=admin&did=1&provider_id=1&p=[FILTERED]"
                  "&hash=[FILTERED]",
                  "127.0.0.1"}}));
}

BOOST_AUTO_TEST_CASE(nginx_refuses_large_bodies_first) {
  Site site;
  const auto response = site.http("POST", "/billing/api/did_create", std::string(70000, 'a'),
                                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  BOOST_TEST(response.status == 413);
  BOOST_TEST(response.body == page_error("Request body is too large"));
}

BOOST_AUTO_TEST_CASE(access_log_has_no_password_or_hash) {
  Site site;
  site.http("GET", "/billing/api/did_create?u=admin&p=topsecretpw&hash=abcdef0123&did=1");
  site.http("GET", "/api/did_create?%70=topsecretpw&h%61sh=abcdef0123");
  const std::string log = read_file(site.nginx.dir() + "/access.log");
  BOOST_TEST(log.find("did_create") != std::string::npos);
  BOOST_TEST(log.find("topsecretpw") == std::string::npos);
  BOOST_TEST(log.find("abcdef0123") == std::string::npos);
  BOOST_TEST(site.stack.log().find("topsecretpw") == std::string::npos);
}

// A PIN is a bearer secret for a card's money (SPEC §2, §7): like p and hash, under every
// spelling morapi decodes as `pin`, repeated or not.
BOOST_AUTO_TEST_CASE(pins_stay_out_of_the_access_log_and_the_actions_row) {
  Site site;
  const std::string pins = "pin=90000001&%70in=90000002&pi%6e=90000003&%70%69%6E=90000004";
  const std::string bad_hash = std::string(40, '0');
  // Login right, hash wrong: cc_by_cli writes the failed-hash actions row.
  const auto wrong = site.http(
      "GET", "/billing/api/cc_by_cli?u=admin&p=admin1&callerid=1&" + pins + "&hash=" + bad_hash);
  BOOST_TEST(wrong.body.find("Incorrect hash") != std::string::npos);
  // More secrets than the log's redaction passes (six): the query is not logged at all.
  std::string many = "u=admin";
  for (const std::string name : {"pin", "p%69n", "pi%6E", "pin", "p", "hash", "pin"}) {
    many += "&" + name + "=9100000";
  }
  site.http("GET", "/api/cc_by_cli?" + many);

  const std::string redacted =
      "/billing/api/cc_by_cli?u=admin&p=[FILTERED]&callerid=1&pin=[FILTERED]&%70in=[FILTERED]"
      "&pi%6e=[FILTERED]&%70%69%6E=[FILTERED]&hash=[FILTERED]";
  const std::string log = read_file(site.nginx.dir() + "/access.log");
  BOOST_TEST(log.find("\"GET " + redacted + " HTTP/1.0\"") != std::string::npos);
  BOOST_TEST(log.find("\"GET /api/cc_by_cli?[query not logged: too many p/hash/pin parameters] "
                      "HTTP/1.0\"") != std::string::npos);
  for (const std::string secret : {"9000000", "9100000", "admin1", bad_hash.c_str()}) {
    BOOST_TEST(log.find(secret) == std::string::npos, secret);
    BOOST_TEST(site.stack.log().find(secret) == std::string::npos, secret);
  }
  BOOST_TEST(site.stack.rows("SELECT data2 FROM actions") ==
             (std::vector<std::vector<std::string>>{{redacted}}));
}

// nginx's own error answers (SPEC §3, §7): MOR-shaped XML, never nginx's HTML page. 400 and 414
// come before a location is chosen (the server's own error_page), the rest inside one.
BOOST_AUTO_TEST_CASE(nginx_own_errors_are_xml) {
  Site site;
  const auto raw = [&](const std::string& request) {
    return http_raw("127.0.0.1", site.nginx.port(), request);
  };
  const std::string post =
      "POST /billing/api/did_create HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\n";
  const std::vector<std::pair<std::string, HttpResponse>> answers = {
      {"bad chunked body",
       raw(post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nu=admin\r\n0\r\n\r\n")},
      {"header over 8 KB", raw("GET /billing/api/_health HTTP/1.1\r\nHost: x\r\nX-Big: " +
                               std::string(9000, 'a') + "\r\n\r\n")},
      {"HTTP/1.1 without Host", raw("GET /billing/api/_health HTTP/1.1\r\n\r\n")},
      {"bad request line", raw("GET /billing/api/ _health HTTP/1.1\r\nHost: x\r\n\r\n")},
      {"URI over 8 KB", site.http("GET", "/billing/api/did_create?u=" + std::string(9000, 'a'))},
      {"TRACE", site.http("TRACE", "/billing/api/did_create")},
      {"unknown transfer coding", raw(post + "Transfer-Encoding: gzip\r\n\r\n")},
      {"HTTP/2.0 in clear text", raw("GET /billing/api/_health HTTP/2.0\r\nHost: x\r\n\r\n")},
  };
  const std::vector<std::pair<int, std::string>> expected = {
      {400, "Bad request"},
      {400, "Bad request"},
      {400, "Bad request"},
      {400, "Bad request"},
      {414, "Request URI is too long"},
      {405, "Method not allowed"},
      {501, "Not implemented"},
      {505, "HTTP version not supported"},
  };
  for (size_t i = 0; i < answers.size(); ++i) {
    const auto& [what, response] = answers[i];
    BOOST_TEST_CONTEXT(what) {
      BOOST_TEST(response.status == expected[i].first);
      BOOST_TEST(response.body == page_error(expected[i].second));
      BOOST_TEST(response.header("Content-Type") == "text/xml; charset=utf-8");
    }
  }
  // As SPEC §1 answers a method it does not serve.
  BOOST_TEST(answers[5].second.header("Allow") == "GET, POST");
  // Paths outside the API, the error pages' own internal URIs among them: morapi's 404.
  // The bare API prefixes too (nginx would answer them with its HTML 301 to ".../api/").
  for (const std::string path : {"/favicon.ico", "/morapi-errors/502", "/billing/other",
                                 "/billing/api", "/api", "/billing/api?u=admin&p=x"}) {
    const auto missing = site.http("GET", path);
    BOOST_TEST(missing.status == 404, path);
    BOOST_TEST(missing.body == status_error("There is no such API"), path);
  }
}

BOOST_AUTO_TEST_CASE(nginx_502_when_morapi_is_not_there) {
  TempDir dir;
  Nginx nginx(dir.file("no-morapi.sock"), free_tcp_port());
  const auto response = http_request("127.0.0.1", nginx.port(), "GET", "/billing/api/_health");
  BOOST_TEST(response.status == 502);
  BOOST_TEST(response.body == page_error("Service unavailable"));
}

// A morapi host that takes no connections (its listen queue full): nginx's connect times out
// after fastcgi_connect_timeout (5 s) and it answers 504.
BOOST_AUTO_TEST_CASE(nginx_504_when_morapi_does_not_answer) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  BOOST_REQUIRE(::listen(listener, 0) == 0);
  socklen_t length = sizeof address;
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string upstream = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  // Fill the queue: the kernel then drops further connection attempts.
  std::vector<int> fillers;
  for (int i = 0; i < 2; ++i) {
    fillers.push_back(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    ::connect(fillers.back(), reinterpret_cast<sockaddr*>(&address), sizeof address);
  }
  std::this_thread::sleep_for(200ms);
  Nginx nginx(upstream, free_tcp_port());
  const auto response = http_request("127.0.0.1", nginx.port(), "GET", "/billing/api/_health");
  BOOST_TEST(response.status == 504);
  BOOST_TEST(response.body == page_error("Service unavailable"));
  for (const int fd : fillers) ::close(fd);
  ::close(listener);
}

// SPEC §1: nginx refuses every method but GET and POST on an API path itself, in morapi's XML,
// so no worker runs them; HEAD _health still reaches morapi (load balancers use it).
BOOST_AUTO_TEST_CASE(nginx_refuses_other_methods_first) {
  Site site;
  for (const std::string method : {"HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "FOO"}) {
    for (const std::string& path :
         {"/billing/api/did_create?" + kSeedQuery, "/api/did_create?" + kSeedQuery,
          std::string("/billing/api/cc_by_cli")}) {
      const auto response = site.http(method, path);
      BOOST_TEST_CONTEXT(method << " " << path) {
        BOOST_TEST(response.status == 405);
        BOOST_TEST(response.header("Allow") == "GET, POST");
        BOOST_TEST(response.body == (method == "HEAD" ? "" : page_error("Method not allowed")));
      }
    }
  }
  BOOST_TEST(site.stack.scalar("SELECT COUNT(*) FROM dids") == "1");
  const auto head = site.http("HEAD", "/billing/api/_health");
  BOOST_TEST(head.status == 200);
  BOOST_TEST(head.header("Content-Type") == "text/xml; charset=utf-8");
  // No worker saw the refused ones: the only requests morapi logged are the HEAD _health.
  wait_until([&] { return site.stack.log().find(" _health ") != std::string::npos; }, 5s);
  BOOST_TEST(site.stack.log().find("did_create") == std::string::npos, site.stack.log());
  BOOST_TEST(site.stack.log().find("cc_by_cli") == std::string::npos);
}
