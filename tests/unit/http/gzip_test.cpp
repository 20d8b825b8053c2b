#include "http/gzip.hpp"

#include <boost/test/unit_test.hpp>

#include "support/gunzip.hpp"

using namespace morapi;
using morapi::testing::gunzip;

BOOST_AUTO_TEST_SUITE(gzip)

BOOST_AUTO_TEST_CASE(accept_encoding_values) {
  BOOST_TEST(accepts_gzip("gzip"));
  BOOST_TEST(accepts_gzip("gzip, deflate, br"));
  BOOST_TEST(accepts_gzip("deflate, GZIP;q=0.5"));
  BOOST_TEST(accepts_gzip("x-gzip"));
  BOOST_TEST(accepts_gzip("*"));
  BOOST_TEST(!accepts_gzip(""));
  BOOST_TEST(!accepts_gzip("identity"));
  BOOST_TEST(!accepts_gzip("deflate, br"));
  BOOST_TEST(!accepts_gzip("gzip;q=0"));
  BOOST_TEST(!accepts_gzip("gzip; q=0.000"));
  BOOST_TEST(!accepts_gzip("gzipx"));
}

BOOST_AUTO_TEST_CASE(round_trip) {
  const std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page/>\n";
  const std::string packed = gzip_compress(body);
  BOOST_TEST(packed.substr(0, 2) == "\x1f\x8b");
  BOOST_TEST(gunzip(packed) == body);
  BOOST_TEST(gunzip(gzip_compress("")) == "");
}

// One deflate stream serves every answer of a worker (deflateReset between them): each answer
// is a whole gzip member of its own, and the same text always compresses to the same bytes.
BOOST_AUTO_TEST_CASE(one_stream_for_many_answers) {
  const std::string big(100000, 'x');
  const std::string small = "<status>\n  <error>Incorrect hash</error>\n</status>\n";
  const std::string first = gzip_compress(small);
  BOOST_TEST(gunzip(gzip_compress(big)) == big);
  BOOST_TEST(gzip_compress(small) == first);
  BOOST_TEST(gunzip(first) == small);
  BOOST_TEST(gunzip(gzip_compress("")) == "");
  BOOST_TEST(gzip_compress(small) == first);
}

BOOST_AUTO_TEST_CASE(responses_for_clients) {
  Request request;
  Response response;
  response.body = "hello";
  encode_for_client(request, response);
  BOOST_TEST(response.body == "hello");
  BOOST_TEST(response.headers.size() == 1u);
  BOOST_TEST(response.headers[0].first == "Vary");
  request.accept_encoding = "gzip";
  Response packed;
  packed.body = "hello";
  encode_for_client(request, packed);
  BOOST_TEST(gunzip(packed.body) == "hello");
  BOOST_TEST(packed.headers.back().first == "Content-Encoding");
  BOOST_TEST(packed.headers.back().second == "gzip");
}

BOOST_AUTO_TEST_SUITE_END()
