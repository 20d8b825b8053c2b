#pragma once
// Values at and past their limits: amounts (negative, zero, huge, exponent, hex, 16 decimals)
// where cc_by_cli uses them, and card ranges (20 and 40 digits, from > till, over and at the
// cap of this stack, kMaxCards).
#include "hostile/row.hpp"

namespace morapi::testing::hostile {

// calling_cards_create's cap for this stack (--max_cards), so "exactly the cap" stays small.
inline constexpr long kMaxCards = 100;

// cc_by_cli topping up device 2's user (the caller ID 37061111111 of kFixtureSql).
inline std::string top_up_uri(const std::string& amount) {
  return signed_uri(
      Api::cc_by_cli,
      {{"u", "admin"}, {"p", "admin1"}, {"callerid", "37061111111"}, {"amount", amount}});
}

inline std::vector<Row> amount_rows() {
  const std::string group = "amounts";
  std::vector<Row> rows;
  for (const std::string& amount : std::vector<std::string>{"-1",
                                                            "0",
                                                            "0.0",
                                                            "0.000000000000000",
                                                            "-0",
                                                            "-0.5",
                                                            "1e3",
                                                            "1E3",
                                                            "1e-3",
                                                            "0x10",
                                                            "0X1A",
                                                            "1.1234567890123456",
                                                            "0.0000000000000001",
                                                            "+1",
                                                            " 1",
                                                            "1 ",
                                                            "1,5",
                                                            "1..2",
                                                            "--1",
                                                            "inf",
                                                            "NaN",
                                                            "",
                                                            ".",
                                                            "1.2.3",
                                                            "\xEF\xBC\x91",
                                                            "1\n",
                                                            std::string("1\0", 2),
                                                            "1'",
                                                            "1;",
                                                            "½"}) {
    rows.push_back(
        get_row(group, "amount '" + amount + "'", top_up_uri(amount), cc_error("Invalid amount")));
  }
  for (const std::string amount : {"1", "0.000000000000001", "12345.123456789012345", "007"}) {
    Row row = get_row(group, "amount '" + amount + "' tops up", top_up_uri(amount),
                      {200, "<status>ok</status>", true});
    row.changes = {"users", "payments", "morapi_requests"};
    rows.push_back(row);
  }
  // A plain decimal, but more digits than any balance column holds: refused before the database.
  rows.push_back(get_row(group, "amount of 40 digits", top_up_uri(std::string(40, '9')),
                         cc_error("Invalid amount")));
  return rows;
}

inline std::string cards_uri(const std::string& group, const std::string& from,
                             const std::string& till) {
  return signed_uri(
      Api::calling_cards_create,
      {{"u", "admin"}, {"card_group_id", group}, {"cards_from", from}, {"cards_till", till}});
}

inline std::vector<Row> card_range_rows() {
  const std::string group = "card ranges";
  const std::string twenty_low = "1" + std::string(19, '0');
  const std::string twenty_high = std::string(20, '9');
  const std::string forty_low = "1" + std::string(39, '0');
  const std::string forty_high = std::string(40, '9');
  const std::string forty_cap = "1" + std::string(37, '0') + "99";    // 100 numbers from forty_low
  const std::string forty_over = "1" + std::string(36, '0') + "100";  // 101
  const Expect from_format = page("Cards from is in incorrect format");
  const Expect till_format = page("Cards till is in incorrect format");
  const Expect greater = page("Cards from must not be greater than Cards till");
  const Expect too_many = page("Too many cards requested");
  std::vector<Row> rows = {
      get_row(group, "20 digits in a 10-digit group", cards_uri("1", twenty_low, twenty_high),
              from_format),
      get_row(group, "40 digits in a 10-digit group", cards_uri("1", forty_low, forty_high),
              from_format),
      get_row(group, "till of 20 digits", cards_uri("1", "1000000000", twenty_high), till_format),
      get_row(group, "20 digits, from > till", cards_uri("20", twenty_high, twenty_low), greater),
      get_row(group, "20 digits, over the cap", cards_uri("20", twenty_low, twenty_high), too_many),
      get_row(group, "40 digits, from > till", cards_uri("40", forty_high, forty_low), greater),
      get_row(group, "40 digits, the whole space", cards_uri("40", forty_low, forty_high),
              too_many),
      get_row(group, "40 digits, the cap + 1", cards_uri("40", forty_low, forty_over), too_many),
      get_row(group, "10 digits, the cap + 1", cards_uri("1", "1000000000", "1000000100"),
              too_many),
      get_row(group, "negative from", cards_uri("1", "-100000000", "1000000000"), from_format),
      get_row(group, "from with a plus", cards_uri("1", "+100000000", "1000000000"), from_format),
      get_row(group, "from with a space", cards_uri("1", " 100000000", "1000000000"), from_format),
      get_row(group, "from in hex", cards_uri("1", "0x3B9ACA00", "1000000000"), from_format),
      get_row(group, "from as an exponent", cards_uri("1", "1.00000e9", "1000000000"), from_format),
      get_row(group, "fullwidth digits",
              cards_uri("1", "\xEF\xBC\x91" + std::string(9, '0'), "1000000000"), from_format),
      get_row(group, "empty from: as absent", cards_uri("1", "", "1000000000"),
              page("Cards from was not found")),
  };
  Row row = get_row(group, "40 digits, exactly the cap", cards_uri("40", forty_low, forty_cap),
                    success("Cards created: 100/100"));
  row.changes = {"cards", "morapi_requests"};
  row.stored = {{"SELECT COUNT(*) FROM cards WHERE cardgroup_id = 40", "100"},
                {"SELECT MAX(number) FROM cards WHERE cardgroup_id = 40", forty_cap}};
  rows.push_back(row);
  rows.push_back(get_row(group, "40 digits, the same again", cards_uri("40", forty_low, forty_cap),
                         page("Cards already exist")));
  row = get_row(group, "20 digits, one card", cards_uri("20", twenty_high, twenty_high),
                success("Cards created: 1/1"));
  row.changes = {"cards", "morapi_requests"};
  rows.push_back(row);
  row = get_row(group, "leading zeros", cards_uri("1", "0000000000", "0000000004"),
                success("Cards created: 5/5"));
  row.changes = {"cards", "morapi_requests"};
  row.stored = {{"SELECT MIN(number) FROM cards WHERE cardgroup_id = 1", "0000000000"}};
  rows.push_back(row);
  return rows;
}

}  // namespace morapi::testing::hostile
