// The hash vectors of MOR_REFERENCE.md §5 and the seed pages.
#include <boost/test/unit_test.hpp>

#include <array>

#include "auth/digest.hpp"
#include "auth/hash_check.hpp"
#include "auth/hash_order.hpp"

using morapi::Params;
using namespace morapi::auth;

namespace {

Params make(std::initializer_list<std::pair<const char*, const char*>> pairs) {
  Params p;
  for (const auto& [name, value] : pairs) p.set(name, value);
  return p;
}

constexpr std::array<std::string_view, 2> kDidCreateList = {"provider_id", "did"};
constexpr std::array<std::string_view, 1> kDidCreateProviderOnly = {"provider_id"};
constexpr std::array<std::string_view, 3> kCardsList = {"card_group_id", "cards_from",
                                                        "cards_till"};

}  // namespace

BOOST_AUTO_TEST_SUITE(hash)

BOOST_AUTO_TEST_CASE(sha1_of_empty_and_known_strings) {
  BOOST_TEST(sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  BOOST_TEST(sha1_hex("1secret") == "bc2f114099d16656d37e45fd9e8744cb9386d462");
  BOOST_TEST(sha1_hex("2secret") == "38282ca5e65e63746498ef5b39a2fe71c6448df4");
  BOOST_TEST(sha1_hex("secret") == "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4");
}

BOOST_AUTO_TEST_CASE(the_order_table_has_mor_s_199_names) {
  const auto order = mor_hash_order();
  BOOST_TEST(order.size() == 199u);
  BOOST_TEST(order.front().name == "user_id");
  BOOST_TEST(order[104].name == "pin");
  BOOST_TEST(order[128].name == "amount");
  BOOST_TEST(order[134].name == "callerid");
  BOOST_TEST(order[135].name == "cardgroup_id");
  BOOST_TEST(order.back().name == "cli_number");
}

BOOST_AUTO_TEST_CASE(cli_add_vectors) {
  // user_id, device_id, cli_number in MOR's order; comment, description, ivr_id never count.
  BOOST_TEST(mor_order_string(make({{"device_id", "2"}, {"cli_number", "abc"}})) == "2abc");
  BOOST_TEST(sha1_hex("2abcsecret") == "2a566cef7a150ec60e0b49f5ba46a09681504583");
  const Params created = make({{"u", "admin"},
                               {"cli_number", "123467"},
                               {"device_id", "2"},
                               {"user_id", "2"},
                               {"comment", "c"},
                               {"cli_description", "d"},
                               {"ivr_id", "2"},
                               {"hash", "x"},
                               {"test", "1"}});
  BOOST_TEST(mor_order_string(created) == "22123467");
  BOOST_TEST(sha1_hex("22123467secret") == "d00f619cda5b497d9e16a2d9e03749b4a7ee23e4");
  BOOST_TEST(
      sha1_hex(
          mor_order_string(make(
              {{"user_id", "2"}, {"device_id", "2"}, {"cli_number", "1234678"}, {"banned", "1"}})) +
          "secret") == "d74247c3834e41c492d689f84882a6dbed2fa089");
  BOOST_TEST(sha1_hex(mor_order_string(make({{"device_id", "7"}, {"cli_number", "12394767"}})) +
                      "secret") == "2403ca550ac54b42ea4fc06c0ae2b702b3550684");
  // The seed page's request of cli_add.txt, verbatim.
  const Params seed = make({{"u", "admin"},
                            {"cli_number", "1234678"},
                            {"cli_description", "description"},
                            {"comment", "comment"},
                            {"ivr_id", "2"},
                            {"banned", "1"},
                            {"device_id", "2"},
                            {"test", "1"},
                            {"hash", "1ba6df6ad2532aea7ca035be29b7dd63feb1df88"}});
  BOOST_TEST(hash_matches(seed, std::array{HashRule::mor_order()}, {"secret"}));
}

BOOST_AUTO_TEST_CASE(cc_by_cli_vectors) {
  const auto hashed = [](Params p) { return sha1_hex(mor_order_string(p) + "123456"); };
  BOOST_TEST(hashed(make({{"u", "admin"},
                          {"p", "admin1"},
                          {"cardgroup_id", "1"},
                          {"callerid", "4444"},
                          {"amount", "100"}})) == "d703d39e26dd770b614d3e0786373aecb4378fa3");
  BOOST_TEST(
      hashed(make(
          {{"cardgroup_id", "1"}, {"callerid", "4444"}, {"amount", "100"}, {"pin", "7856"}})) ==
      "118f394ea0b031da71270d528fdfd7464e24d799");
  BOOST_TEST(hashed(make({{"cardgroup_id", "3"}, {"callerid", "5555"}, {"amount", "300"}})) ==
             "b0faeac147951820a747b35fbccba653cda876d1");
  BOOST_TEST(
      hashed(make(
          {{"cardgroup_id", "1"}, {"callerid", "6666"}, {"amount", "150"}, {"pin", "6930"}})) ==
      "259336c380436060303905c3fd69593a3753c102");
  BOOST_TEST(hashed(make({{"cardgroup_id", "4"}, {"callerid", "09090909"}, {"amount", "55"}})) ==
             "6def0e9d462c376f47f31ab231447263da3c9843");
  // `cardgroup` is not a MOR name: it never counts.
  BOOST_TEST(mor_order_string(make({{"cardgroup", "3"}, {"callerid", "123"}})) == "123");
}

BOOST_AUTO_TEST_CASE(did_create_vectors) {
  const Params seed = make({{"u", "username"},
                            {"did", "123456789"},
                            {"provider_id", "1"},
                            {"hash", "bc2f114099d16656d37e45fd9e8744cb9386d462"}});
  // The seed signs only provider_id: did_create's second rule, not the first.
  BOOST_TEST(method_list_string(seed, kDidCreateList) == "1123456789");
  BOOST_TEST(method_list_string(seed, kDidCreateProviderOnly) == "1");
  const std::array both = {HashRule::listed(kDidCreateList),
                           HashRule::listed(kDidCreateProviderOnly)};
  BOOST_TEST(hash_matches(seed, both, {"secret"}));
  BOOST_TEST(!hash_matches(seed, std::array{HashRule::listed(kDidCreateList)}, {"secret"}));
  Params listed = seed;
  listed.set("hash", sha1_hex("1123456789secret"));
  BOOST_TEST(hash_matches(listed, both, {"secret"}));
  // Why MOR's order is not one of them: it counts `status`, which did_create ignores, so the
  // signature of DID 555 would also sign DID 777 sent beside status=555.
  Params attack = make({{"provider_id", "1"}, {"status", "555"}, {"did", "777"}});
  attack.set("hash", sha1_hex("1555secret"));
  BOOST_TEST(hash_matches(attack, std::array{HashRule::mor_order()}, {"secret"}));
  BOOST_TEST(!hash_matches(attack, both, {"secret"}));
  // 38 characters, upper case, or a wrong secret: rejected.
  Params cut = seed;
  cut.set("hash", "38282ca5e65e63746498ef5b39a2fe71c6448d");
  BOOST_TEST(!hash_matches(cut, both, {"secret"}));
  Params upper = seed;
  upper.set("hash", "BC2F114099D16656D37E45FD9E8744CB9386D462");
  BOOST_TEST(!hash_matches(upper, both, {"secret"}));
  BOOST_TEST(!hash_matches(seed, both, {"other"}));
  BOOST_TEST(!hash_matches(seed, both, {}));
  // A second accepted secret (a reseller's own key besides the system key).
  BOOST_TEST(hash_matches(seed, both, {"secret3", "secret"}));
  Params no_provider = make({{"hash", "e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4"}});
  BOOST_TEST(hash_matches(no_provider, both, {"secret"}));
}

BOOST_AUTO_TEST_CASE(calling_cards_create_seed) {
  const Params seed = make({{"u", "admin"},
                            {"card_group_id", "1"},
                            {"cards_from", "1000000025"},
                            {"cards_till", "1000000035"},
                            {"batch_number", "50"},
                            {"min_balance", "15"},
                            {"language", "en"},
                            {"distributor_id", "2"},
                            {"hash", "7e112ededcfee097cce21b6201c6d2a00dda1f4c"}});
  BOOST_TEST(hash_matches(seed, std::array{HashRule::listed(kCardsList)}, {"secret"}));
}

BOOST_AUTO_TEST_CASE(filters) {
  std::string out;
  BOOST_TEST(admit(Filter::integer, "007", out));
  BOOST_TEST(out == "7");
  BOOST_TEST(admit(Filter::integer, "", out));
  BOOST_TEST(out == "0");
  BOOST_TEST(admit(Filter::integer, "000", out));
  BOOST_TEST(out == "0");
  BOOST_TEST(!admit(Filter::integer, "7a", out));
  BOOST_TEST(admit(Filter::digits_or_all, "all", out));
  BOOST_TEST(!admit(Filter::digits_or_all, "none", out));
  BOOST_TEST(admit(Filter::digits, "", out));
  BOOST_TEST(out == "");
  BOOST_TEST(admit(Filter::balance, "-1.5+", out));
  BOOST_TEST(!admit(Filter::balance, "1e5", out));
  BOOST_TEST(admit(Filter::direction, "incoming", out));
  BOOST_TEST(!admit(Filter::direction, "in", out));
  BOOST_TEST(admit(Filter::calltype, "missed_inc_all", out));
  BOOST_TEST(!admit(Filter::calltype, "other", out));
  BOOST_TEST(admit(Filter::users, "1,2,3", out));
  BOOST_TEST(admit(Filter::users, "junk\npostpaid", out));  // Ruby's ^$ match any line
  BOOST_TEST(!admit(Filter::users, "junk", out));
  BOOST_TEST(admit(Filter::block, "is_true", out));
  BOOST_TEST(!admit(Filter::block, "yes", out));
  BOOST_TEST(!admit(Filter::never, "1", out));
  // Filtered names in MOR's order: user_id 007 contributes 7, a bad direction nothing.
  BOOST_TEST(mor_order_string(make({{"user_id", "007"}, {"direction", "x"}, {"pgui", "1"}})) ==
             "7");
}

BOOST_AUTO_TEST_CASE(constant_time_compare) {
  BOOST_TEST(constant_time_equal("abc", "abc"));
  BOOST_TEST(!constant_time_equal("abc", "abd"));
  BOOST_TEST(!constant_time_equal("abc", "abcd"));
}

BOOST_AUTO_TEST_SUITE_END()
