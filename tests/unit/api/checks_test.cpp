#include "api/checks.hpp"

#include <boost/test/unit_test.hpp>

#include "api/dispatch.hpp"

using namespace morapi::api;

BOOST_AUTO_TEST_SUITE(api_checks)

BOOST_AUTO_TEST_CASE(method_names_from_paths) {
  BOOST_TEST(method_name("/billing/api/did_create") == "did_create");
  BOOST_TEST(method_name("/api/cli_add") == "cli_add");
  BOOST_TEST(method_name("/billing/api/did_create/5") == "did_create");
  BOOST_TEST(method_name("/billing/api/") == "");
  BOOST_TEST(method_name("/billing/other") == "");
}

BOOST_AUTO_TEST_CASE(ids) {
  BOOST_TEST(parse_id("42").value() == 42);
  BOOST_TEST(parse_id("007").value() == 7);
  BOOST_TEST(parse_id("0").value() == 0);
  BOOST_TEST(!parse_id(""));
  BOOST_TEST(!parse_id("-1"));
  BOOST_TEST(!parse_id("7=88"));
  BOOST_TEST(!parse_id("99999999999999999999"));
  BOOST_TEST(parse_id("000000000000000000000000001").value() == 1);
}

BOOST_AUTO_TEST_CASE(urls_are_redacted) {
  morapi::Request r;
  r.request_uri = "/billing/api/cc_by_cli?u=user&p=user1&callerid=1&hash=abc&%70=x&hashx=y";
  BOOST_TEST(redacted_url(r) ==
             "/billing/api/cc_by_cli?u=user&p=[FILTERED]&callerid=1&hash=[FILTERED]&%70=[FILTERED]"
             "&hashx=y");
  r.request_uri = "/billing/api/did_create";
  BOOST_TEST(redacted_url(r) == "/billing/api/did_create");
}

// A PIN is a bearer secret for a card's money (SPEC §2): every spelling morapi decodes as `pin`.
BOOST_AUTO_TEST_CASE(pins_are_redacted) {
  morapi::Request r;
  r.request_uri =
      "/billing/api/cc_by_cli?callerid=1&pin=1111&%70in=2222&p%69n=3333&pi%6E=4444&pi%6e=5555"
      "&%70%69%6E=6666&pin=7777&pins=8&xpin=9";
  BOOST_TEST(
      redacted_url(r) ==
      "/billing/api/cc_by_cli?callerid=1&pin=[FILTERED]&%70in=[FILTERED]&p%69n=[FILTERED]"
      "&pi%6E=[FILTERED]&pi%6e=[FILTERED]&%70%69%6E=[FILTERED]&pin=[FILTERED]&pins=8&xpin=9");
}

BOOST_AUTO_TEST_CASE(hash_failure_rows_are_rate_limited) {
  HashFailureLimiter limiter;
  BOOST_TEST(limiter.allow("1.2.3.4", 100));
  BOOST_TEST(!limiter.allow("1.2.3.4", 100));
  BOOST_TEST(limiter.allow("5.6.7.8", 100));
  BOOST_TEST(limiter.allow("1.2.3.4", 101));
  BOOST_TEST(limiter.suppressed() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
