// Strong signatures (README "Strong signatures"): the canonical string and its HMAC against fixed
// vectors (computed with clients/python/morapi_signer.py), the fields' rules, and the allow list.
#include <boost/test/unit_test.hpp>

#include "auth/allow_list.hpp"
#include "auth/signature.hpp"

using morapi::Params;
using morapi::Request;
using namespace morapi::auth;

namespace {

Params make(std::initializer_list<std::pair<const char*, const char*>> pairs) {
  Params p;
  for (const auto& [name, value] : pairs) p.set(name, value);
  return p;
}

// README's worked example.
const Params kExample = make({{"u", "user"}, {"did", "37060000001"}, {"provider_id", "2"}});
const StrongFields kExampleFields{
    "1764547200", "n0nce-2026_12-01",
    "59ef426b99e76d78a45e802f49e70afe552ad01ebd41f55efbd5773ac05a915e", false};

}  // namespace

BOOST_AUTO_TEST_SUITE(signature)

BOOST_AUTO_TEST_CASE(readme_example) {
  BOOST_TEST(canonical_string("GET", "did_create", kExampleFields, kExample) ==
             "GET\ndid_create\n1764547200\nn0nce-2026_12-01\ndid=37060000001\nprovider_id=2\n"
             "u=user");
  BOOST_TEST(signature_matches("secret3", "GET", "did_create", kExampleFields, kExample));
  BOOST_TEST(!signature_matches("secret", "GET", "did_create", kExampleFields, kExample));
  BOOST_TEST(!signature_matches("secret3", "POST", "did_create", kExampleFields, kExample));
  BOOST_TEST(!signature_matches("secret3", "GET", "cli_add", kExampleFields, kExample));
  BOOST_TEST(!signature_matches("", "GET", "did_create", kExampleFields, kExample));
}

BOOST_AUTO_TEST_CASE(encoding_and_bytewise_order) {
  const Params params = make({{"u", "admin"},
                              {"a b", "x y"},
                              {"B", "~*'+"},
                              {"a", "\xc3\xbc/\xc3\xa9"},
                              {"a.b", ""},
                              {"a_b", "1&2=3"},
                              {"hash", "ignored"},
                              {"Z", "%41"}});
  const StrongFields fields{"1", "abcdefgh", "", false};
  BOOST_TEST(canonical_string("POST", "cc_by_cli", fields, params) ==
             "POST\ncc_by_cli\n1\nabcdefgh\nB=~%2A%27%2B\nZ=%2541\na%20b=x%20y\na.b=\n"
             "a=%C3%BC%2F%C3%A9\na_b=1%262%3D3\nu=admin");
  BOOST_TEST(hmac_sha256_hex("k", canonical_string("POST", "cc_by_cli", fields, params)) ==
             "cacbadd9a0b00fb85faaaf4e13cdd291efff89741a206258093328367a54330b");
  BOOST_TEST(rfc3986_encode(std::string("\x00\xff-._~", 6)) == "%00%FF-._~");
}

BOOST_AUTO_TEST_CASE(fields_as_parameters_are_not_signed_but_as_headers_they_are_lines) {
  Params params = kExample;
  params.set("morapi_ts", "1764547200");
  params.set("morapi_nonce", "n0nce-2026_12-01");
  params.set("morapi_signature", kExampleFields.signature);
  Request request;
  const auto from_params = strong_fields(request, params);
  BOOST_REQUIRE(from_params.has_value());
  BOOST_TEST(from_params->from_params);
  BOOST_TEST(signature_matches("secret3", "GET", "did_create", *from_params, params));
  // Headers win: then morapi_* parameters are ordinary parameters, and signed.
  request.strong_signature.timestamp = "1764547200";
  request.strong_signature.nonce = "n0nce-2026_12-01";
  request.strong_signature.signature = kExampleFields.signature;
  const auto from_headers = strong_fields(request, params);
  BOOST_REQUIRE(from_headers.has_value());
  BOOST_TEST(!from_headers->from_params);
  BOOST_TEST(!signature_matches("secret3", "GET", "did_create", *from_headers, params));
  BOOST_TEST(signature_matches("secret3", "GET", "did_create", *from_headers, kExample));
  BOOST_TEST(!strong_fields(Request{}, kExample).has_value());
  // One header alone still makes the request a strongly signed one (and a malformed one).
  Request partial;
  partial.strong_signature.nonce = "abcdefgh";
  const auto some = strong_fields(partial, kExample);
  BOOST_REQUIRE(some.has_value());
  BOOST_TEST(!well_formed(*some));
}

BOOST_AUTO_TEST_CASE(field_rules) {
  const std::string sig(64, 'a');
  BOOST_TEST(well_formed(StrongFields{"1", "abcdefgh", sig, false}));
  BOOST_TEST(well_formed(StrongFields{"999999999999", std::string(64, '-'), sig, false}));
  BOOST_TEST(!well_formed(StrongFields{"1", "abcdefg", sig, false}));                    // 7
  BOOST_TEST(!well_formed(StrongFields{"1", std::string(65, 'a'), sig, false}));         // 65
  BOOST_TEST(!well_formed(StrongFields{"1", "abcdefg.", sig, false}));                   // '.'
  BOOST_TEST(!well_formed(StrongFields{"", "abcdefgh", sig, false}));                    // no time
  BOOST_TEST(!well_formed(StrongFields{"-1", "abcdefgh", sig, false}));                  // sign
  BOOST_TEST(!well_formed(StrongFields{"1000000000000", "abcdefgh", sig, false}));       // 13
  BOOST_TEST(!well_formed(StrongFields{"1", "abcdefgh", std::string(64, 'A'), false}));  // case
  BOOST_TEST(!well_formed(StrongFields{"1", "abcdefgh", std::string(63, 'a'), false}));
}

BOOST_AUTO_TEST_CASE(allow_list_addresses_and_networks) {
  const std::string list = " 10.1.2.3 , 192.168.0.0/16,2001:db8::/32,,bogus, 172.16.0.0/33";
  BOOST_TEST(has_entries(list));
  BOOST_TEST(!has_entries(" , ,"));
  BOOST_TEST(address_allowed(list, "10.1.2.3"));
  BOOST_TEST(!address_allowed(list, "10.1.2.4"));
  BOOST_TEST(address_allowed(list, "192.168.255.1"));
  BOOST_TEST(!address_allowed(list, "192.169.0.1"));
  BOOST_TEST(address_allowed(list, "::ffff:192.168.1.1"));  // IPv4-mapped
  BOOST_TEST(address_allowed(list, "2001:db8:ffff::1"));
  BOOST_TEST(!address_allowed(list, "2001:db9::1"));
  BOOST_TEST(!address_allowed(list, "172.16.0.1"));  // /33 does not parse: matches nothing
  BOOST_TEST(!address_allowed(list, ""));
  BOOST_TEST(!address_allowed(list, "bogus"));
  BOOST_TEST(address_allowed("10.0.0.0/9", "10.127.255.255"));
  BOOST_TEST(!address_allowed("10.0.0.0/9", "10.128.0.0"));
  BOOST_TEST(address_allowed("0.0.0.0/0", "8.8.8.8"));
  BOOST_TEST(address_allowed("::/0", "::1"));
  BOOST_TEST(!address_allowed("::1", "127.0.0.1"));
}

BOOST_AUTO_TEST_SUITE_END()
