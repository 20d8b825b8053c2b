// gzip (issue 4): any answer is compressed when the client accepts it, the same through nginx and
// over FastCGI, and identical to the plain answer once decompressed.
#define BOOST_TEST_MODULE gzip
#include <boost/test/unit_test.hpp>

#include "fixture.hpp"
#include "support/gunzip.hpp"
#include "support/http_client.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;

namespace {

const std::string kUnknown = "/billing/api/did_create?u=admin&did=1&provider_id=1&hash=x";

}  // namespace

BOOST_AUTO_TEST_CASE(fastcgi_answers_compressed_only_when_asked) {
  Stack stack;
  FcgiRequest plain_request;
  plain_request.uri = kUnknown;
  const auto plain = stack.send(plain_request);
  BOOST_TEST(plain.header("Content-Encoding") == "");
  BOOST_TEST(plain.header("Vary") == "Accept-Encoding");
  BOOST_TEST(plain.body == page_error("Incorrect hash"));

  FcgiRequest gzip_request = plain_request;
  gzip_request.headers["Accept-Encoding"] = "gzip, deflate";
  const auto packed = stack.send(gzip_request);
  BOOST_TEST(packed.header("Content-Encoding") == "gzip");
  BOOST_TEST(packed.header("Vary") == "Accept-Encoding");
  BOOST_TEST(packed.header("Content-Type") == plain.header("Content-Type"));
  BOOST_TEST(packed.header("Content-Length") == std::to_string(packed.body.size()));
  BOOST_TEST(gunzip(packed.body) == plain.body);

  gzip_request.headers["Accept-Encoding"] = "gzip;q=0";
  BOOST_TEST(stack.send(gzip_request).body == plain.body);
}

BOOST_AUTO_TEST_CASE(nginx_passes_the_compressed_answer_through) {
  Stack stack;
  Nginx nginx(stack.socket(), free_tcp_port());
  const auto packed = http_request("127.0.0.1", nginx.port(), "GET",
                                   "/billing/api/did_create?" + kSeedDidCreateQuery, "",
                                   {{"Accept-Encoding", "gzip"}});
  BOOST_TEST(packed.status == 200);
  BOOST_TEST(packed.header("Content-Encoding") == "gzip");
  const std::string body = gunzip(packed.body);
  BOOST_TEST(body.find("<success>DID created</success>") != std::string::npos);
  // The repeat, plain over FastCGI and compressed through nginx: the same bytes once unpacked.
  FcgiRequest direct;
  direct.uri = "/billing/api/did_create?" + kSeedDidCreateQuery;
  const auto plain = stack.send(direct);
  const auto again =
      http_request("127.0.0.1", nginx.port(), "GET", direct.uri, "", {{"Accept-Encoding", "gzip"}});
  BOOST_TEST(plain.body == page_error("DID already exists"));
  BOOST_TEST(gunzip(again.body) == plain.body);
}
