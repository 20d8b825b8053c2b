// MOR's switches in conflines: the integer value of the text, as Ruby's String#to_i reads it
// (SPEC §2). The expected values were read from Ruby 3.1.
#include <boost/test/unit_test.hpp>

#include "auth/directory.hpp"
#include "auth/hash_check.hpp"

using morapi::auth::ruby_to_i;
using morapi::auth::Settings;

namespace {

Settings with_global(const std::string& name, const std::string& value) {
  morapi::db::SettingsRows rows;
  rows.values[{name, 0}] = value;
  return Settings(rows);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings)

BOOST_AUTO_TEST_CASE(ruby_to_i_reads_leading_integers) {
  const std::pair<const char*, int64_t> vectors[] = {
      {"1", 1},
      {"01", 1},
      {" 1", 1},
      {"\t\n\v\f\r1", 1},
      {"1 ", 1},
      {"1x", 1},
      {"1.9", 1},
      {"+1", 1},
      {" +1", 1},
      {"-1", -1},
      {"", 0},
      {"0", 0},
      {"yes", 0},
      {"+ 1", 0},
      {"--1", 0},
      {"-0", 0},
      {"0x1", 0},
      {"0b1", 0},
      {"d1", 0},
      {"\xC2\xA0"
       "1",
       0},
      {"0_1", 1},
      {"1_0", 10},
      {"1__0", 1},
      {"_1", 0},
      {"1_", 1},
      {"0__1", 0},
      {"00_1", 1},
      {"0_0_1", 1},
      {"-1_0", -10},
      {"0d1", 1},
      {"0D1", 1},
      {"+0d1", 1},
      {"-0d1", -1},
      {" 0d1", 1},
      {"0d", 0},
      {"0d_1", 0},
      {"0d-1", 0},
      {"0d0d1", 0},
      {"0d 1", 0},
      {"0_d1", 0},
  };
  for (const auto& [text, value] : vectors) BOOST_TEST(ruby_to_i(text) == value, text);
  BOOST_TEST(ruby_to_i("00000000000000000000000000001") == 1);
  // Ruby has no limit; here a huge value stays huge (not 1, not 0) instead of wrapping.
  BOOST_TEST(ruby_to_i("18446744073709551617") == INT64_MAX);
  BOOST_TEST(ruby_to_i("-18446744073709551617") == -INT64_MAX);
}

BOOST_AUTO_TEST_CASE(a_switch_is_on_when_its_integer_value_is_one) {
  for (const char* name :
       {"Allow_API", "Allow_GET_API", "XML_API_Extension", "Resellers_can_add_their_own_DIDs"}) {
    for (const char* on : {"1", "01", " 1", "1 ", "0d1", "+1"}) {
      BOOST_TEST(with_global(name, on).global_is_one(name), name << " = '" << on << "'");
    }
    for (const char* off : {"", "0", "yes", "2", "-1", "10", "true"}) {
      BOOST_TEST(!with_global(name, off).global_is_one(name), name << " = '" << off << "'");
    }
    BOOST_TEST(!Settings().global_is_one(name));
  }
}

// API_Disable_hash_checking is on when its integer value is not zero.
BOOST_AUTO_TEST_CASE(hash_checking_is_disabled_by_a_nonzero_integer) {
  for (const char* on : {"1", "01", " 1", "2", "-1", "0d1", "1yes"}) {
    BOOST_TEST(morapi::auth::hash_checking_disabled(std::nullopt,
                                                    with_global("API_Disable_hash_checking", on)),
               on);
  }
  for (const char* off : {"", "0", "00", "yes", "true", " ", "_1"}) {
    BOOST_TEST(!morapi::auth::hash_checking_disabled(std::nullopt,
                                                     with_global("API_Disable_hash_checking", off)),
               off);
  }
  BOOST_TEST(!morapi::auth::hash_checking_disabled(std::nullopt, Settings()));
}

BOOST_AUTO_TEST_SUITE_END()
