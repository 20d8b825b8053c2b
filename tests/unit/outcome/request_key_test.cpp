#include "outcome/request_key.hpp"

#include <boost/test/unit_test.hpp>

#include "outcome/deadline.hpp"

using morapi::Params;
using morapi::outcome::fingerprint;
using morapi::outcome::KeyRefused;
using morapi::outcome::parse_msec;
using morapi::outcome::request_key;

namespace {

Params params_of(std::initializer_list<std::pair<std::string, std::string>> pairs) {
  Params params;
  for (const auto& [name, value] : pairs) params.set(name, value);
  return params;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(outcome)

BOOST_AUTO_TEST_CASE(keys_are_1_to_64_safe_characters) {
  BOOST_TEST(!request_key(std::nullopt, Params{}).has_value());
  const std::string longest(64, 'z');
  for (const std::string& key : {std::string("a"), std::string("A-z_0.9:x"), longest}) {
    BOOST_TEST(*request_key(key, Params{}) == key);
    BOOST_TEST(*request_key(std::nullopt, params_of({{"request_id", key}})) == key);
  }
  for (const std::string& key : {std::string(""), std::string(65, 'z'), std::string("a b"),
                                std::string("a/b"), std::string("a\nb"), std::string("\xc3\xa9")}) {
    BOOST_CHECK_THROW(request_key(key, Params{}), KeyRefused);
    BOOST_CHECK_THROW(request_key(std::nullopt, params_of({{"request_id", key}})), KeyRefused);
  }
  // Both: equal is fine, different is refused.
  BOOST_TEST(*request_key(std::string("k"), params_of({{"request_id", "k"}})) == "k");
  BOOST_CHECK_THROW(request_key(std::string("k"), params_of({{"request_id", "j"}})), KeyRefused);
}

BOOST_AUTO_TEST_CASE(fingerprint_covers_every_parameter_but_the_secrets) {
  const auto base = fingerprint("cc_by_cli", params_of({{"u", "admin"}, {"amount", "10"}}));
  BOOST_TEST(base.size() == 64u);
  // A new signature, another password, the key itself: the same request.
  BOOST_TEST(fingerprint("cc_by_cli", params_of({{"u", "admin"},
                                                 {"amount", "10"},
                                                 {"hash", "x"},
                                                 {"p", "y"},
                                                 {"request_id", "z"}})) == base);
  // Anything else: another request.
  BOOST_TEST(fingerprint("did_create", params_of({{"u", "admin"}, {"amount", "10"}})) != base);
  BOOST_TEST(fingerprint("cc_by_cli", params_of({{"u", "admin"}, {"amount", "11"}})) != base);
  BOOST_TEST(fingerprint("cc_by_cli",
                         params_of({{"u", "admin"}, {"amount", "10"}, {"test", "1"}})) != base);
  // Length-prefixed: moving text from a name to a value is not the same request.
  BOOST_TEST(fingerprint("m", params_of({{"ab", "c"}})) !=
             fingerprint("m", params_of({{"a", "bc"}})));
}

BOOST_AUTO_TEST_CASE(nginx_msec_parses_exactly) {
  BOOST_TEST(parse_msec("1764633600.123") == 1764633600123LL);
  BOOST_TEST(parse_msec("1764633600.1") == 1764633600100LL);
  BOOST_TEST(parse_msec("1764633600") == 1764633600000LL);
  for (const char* bad :
       {"", ".5", "17646336a0.123", "1764633600.1234", "-1", "1764633600.", "9999999999999.000"}) {
    BOOST_TEST(parse_msec(bad) == -1, bad);
  }
}

BOOST_AUTO_TEST_SUITE_END()
