#include "http/params.hpp"

#include <boost/test/unit_test.hpp>

using morapi::collect_params;
using morapi::form_decode;
using morapi::Params;
using morapi::Request;

BOOST_AUTO_TEST_SUITE(params)

BOOST_AUTO_TEST_CASE(form_decoding) {
  BOOST_TEST(form_decode("a+b%20c") == "a b c");
  BOOST_TEST(form_decode("%41%6a") == "Aj");
  // Invalid escapes stay as literal text.
  BOOST_TEST(form_decode("100%") == "100%");
  BOOST_TEST(form_decode("%4") == "%4");
  BOOST_TEST(form_decode("%zz%4g") == "%zz%4g");
  BOOST_TEST(form_decode("%%41") == "%A");
  // Bytes are kept as they are, even when they are not UTF-8 or are NUL.
  BOOST_TEST(form_decode("%FF%00x") == std::string("\xFF\0x", 3));
}

BOOST_AUTO_TEST_CASE(query_string_pairs) {
  Params p;
  morapi::parse_urlencoded("u=admin&did=1&empty=&flag&did=2&&=x&a%3Db=c%26d", p);
  BOOST_TEST(p.get("u") == "admin");
  BOOST_TEST(p.get("did") == "2");  // the last of a repeated name
  BOOST_TEST(p.has("empty"));
  BOOST_TEST(p.get("empty", "fallback") == "");
  BOOST_TEST(p.has("flag"));
  BOOST_TEST(!p.has("missing"));
  BOOST_TEST(p.get("missing", "fallback") == "fallback");
  BOOST_TEST(p.get("a=b") == "c&d");
  BOOST_TEST(p.all().size() == 5u);  // "=x" has no name
}

BOOST_AUTO_TEST_CASE(body_overrides_query) {
  Request r;
  r.query_string = "u=admin&did=1";
  r.content_type = "application/x-www-form-urlencoded; charset=UTF-8";
  r.body = "did=2&comment=a+b";
  const Params p = collect_params(r);
  BOOST_TEST(p.get("u") == "admin");
  BOOST_TEST(p.get("did") == "2");
  BOOST_TEST(p.get("comment") == "a b");
}

BOOST_AUTO_TEST_CASE(unknown_body_type_is_ignored) {
  Request r;
  r.query_string = "u=admin";
  r.content_type = "text/plain";
  r.body = "did=2";
  BOOST_TEST(!collect_params(r).has("did"));
}

BOOST_AUTO_TEST_CASE(multipart_fields) {
  Request r;
  r.query_string = "did=1";
  r.content_type = "multipart/form-data; boundary=XyZ";
  r.body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"did\"\r\n\r\n777\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\nContent-Type: text/plain\r\n"
      "\r\nline1\r\nline2\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nDATA\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"plus\"\r\n\r\na+b%20\r\n"
      "--XyZ--\r\n";
  const Params p = collect_params(r);
  BOOST_TEST(p.get("did") == "777");
  BOOST_TEST(p.get("comment") == "line1\r\nline2");
  BOOST_TEST(!p.has("file"));
  BOOST_TEST(p.get("plus") == "a+b%20");  // multipart values are not form-decoded
}

// Found by fuzz_multipart: a plain field whose name starts with "filename" was taken for a file
// part and dropped. Only a filename parameter makes a part a file (an empty one too).
BOOST_AUTO_TEST_CASE(multipart_field_named_like_filename_is_kept) {
  Request r;
  r.content_type = "multipart/form-data; boundary=XyZ";
  r.body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"filename_x\"\r\n\r\n1\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"filename\"\r\n\r\n2\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"up\"; filename=\"\"\r\n\r\n3\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"up2\"; filename*=UTF-8''a.txt\r\n\r\n4\r\n"
      "--XyZ\r\nContent-Disposition: form-data; FILENAME=\"b.txt\"; name=\"up3\"\r\n\r\n5\r\n"
      "--XyZ--\r\n";
  const Params p = collect_params(r);
  BOOST_TEST(p.get("filename_x") == "1");
  BOOST_TEST(p.get("filename") == "2");
  BOOST_TEST(p.all().size() == 2u);  // the three file parts are left out
}

// Found by fuzz_multipart: with LF-only line breaks, a CRLF CRLF inside a later value was taken
// for the end of the first part's headers, and the fields in between were lost.
BOOST_AUTO_TEST_CASE(multipart_lf_only_with_crlf_in_a_value) {
  Request r;
  r.content_type = "multipart/form-data; boundary=XyZ";
  r.body =
      "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n"
      "--XyZ\nContent-Disposition: form-data; name=\"b\"\n\nx\r\n\r\ny\n"
      "--XyZ\nContent-Disposition: form-data; name=\"c\"\n"  // no blank line: no field
      "--XyZ\nContent-Disposition: form-data; name=\"d\"\n\n4\n"
      "--XyZ--\n";
  const Params p = collect_params(r);
  BOOST_TEST(p.get("a") == "1");
  BOOST_TEST(p.get("b") == "x\r\n\r\ny");
  BOOST_TEST(p.get("d") == "4");
  BOOST_TEST(p.all().size() == 3u);
}

BOOST_AUTO_TEST_CASE(multipart_malformed_does_not_throw) {
  Request r;
  r.content_type = "multipart/form-data; boundary=\"q\"";
  for (const char* body :
       {"--q", "--q\r\n", "--q\r\nContent-Disposition: form-data; name=\"a\"",
        "--q\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", "garbage", "--q--"}) {
    r.body = body;
    BOOST_TEST(collect_params(r).all().empty());
  }
  r.content_type = "multipart/form-data";  // no boundary
  r.body = "--\r\n\r\n";
  BOOST_TEST(collect_params(r).all().empty());
}

BOOST_AUTO_TEST_CASE(json_object) {
  Request r;
  r.query_string = "u=admin&did=1";
  r.content_type = "application/json";
  r.body = R"({"did":"123%41+x","provider_id":1,"flag":true,"ratio":1.5,"gone":null,
               "nested":{"a":1},"list":[1]})";
  const Params p = collect_params(r);
  BOOST_TEST(p.get("did") == "123%41+x");  // no form decoding of JSON strings
  BOOST_TEST(p.get("provider_id") == "1");
  BOOST_TEST(p.get("flag") == "true");
  BOOST_TEST(p.get("ratio") == "1.5");
  BOOST_TEST(!p.has("gone"));
  BOOST_TEST(!p.has("nested"));
  BOOST_TEST(!p.has("list"));
  BOOST_TEST(p.get("u") == "admin");
}

namespace {

Params json_params(const std::string& body, const std::string& query = "") {
  Request r;
  r.query_string = query;
  r.content_type = "application/json; charset=utf-8";
  r.body = body;
  return collect_params(r);
}

}  // namespace

// A number is hashed and used as the client wrote it: its JSON text, never a re-rendering.
BOOST_AUTO_TEST_CASE(json_numbers_are_taken_as_sent) {
  const Params p = json_params(
      R"({"amount":1.50,"big":1234567890123456789012345,"exp":1e3,"Exp":1E+03,"neg":-12,)"
      R"("zero":0,"negzero":-0,"negzero_f":-0.0,"max":18446744073709551615,)"
      R"("over":18446744073709551616,"under":-9223372036854775809,"min":-9223372036854775808,)"
      R"("small":0.000000000000000000001,"long":3.14159265358979323846264338327950288})");
  BOOST_TEST(p.get("amount") == "1.50");
  BOOST_TEST(p.get("big") == "1234567890123456789012345");
  BOOST_TEST(p.get("exp") == "1e3");
  BOOST_TEST(p.get("Exp") == "1E+03");
  BOOST_TEST(p.get("neg") == "-12");
  BOOST_TEST(p.get("zero") == "0");
  BOOST_TEST(p.get("negzero") == "-0");
  BOOST_TEST(p.get("negzero_f") == "-0.0");
  BOOST_TEST(p.get("max") == "18446744073709551615");
  BOOST_TEST(p.get("over") == "18446744073709551616");
  BOOST_TEST(p.get("under") == "-9223372036854775809");
  BOOST_TEST(p.get("min") == "-9223372036854775808");
  BOOST_TEST(p.get("small") == "0.000000000000000000001");
  BOOST_TEST(p.get("long") == "3.14159265358979323846264338327950288");
}

BOOST_AUTO_TEST_CASE(json_booleans_null_nested_and_repeats) {
  const Params p = json_params(
      R"({"t":true,"f":false,"gone":null,"did":"2","deep":{"did":"3","x":{"y":[1,{"z":2}]}},)"
      R"("list":[{"did":"4"}],"twice":"a","twice":"b","x":1,"x":{"y":1},"u":null,)"
      R"("esc":"a\u0000b\n\"%41+"})",
      "u=admin&did=1&x=q");
  BOOST_TEST(p.get("t") == "true");
  BOOST_TEST(p.get("f") == "false");
  BOOST_TEST(!p.has("gone"));
  BOOST_TEST(p.get("did") == "2");  // nested "did"s are not parameters
  BOOST_TEST(!p.has("deep"));
  BOOST_TEST(!p.has("list"));
  BOOST_TEST(!p.has("y"));
  BOOST_TEST(!p.has("z"));
  BOOST_TEST(p.get("twice") == "b");
  // The last value of a name counts: a nested one is ignored, so the query's value stays.
  BOOST_TEST(p.get("x") == "q");
  BOOST_TEST(p.get("u") == "admin");  // null is absent: the query's u stays
  BOOST_TEST(p.get("esc") == std::string("a\0b\n\"%41+", 9));
  BOOST_TEST(p.all().size() == 7u);
}

// A body that does not parse contributes nothing, not even the fields before the error.
BOOST_AUTO_TEST_CASE(json_that_does_not_parse_adds_nothing) {
  for (const char* body :
       {R"({"did":"2","amount":1.50,)", R"({"did":"2"} {"x":1})", R"({"did":"2"}x)",
        R"({"did":"2","n":01})", R"({"did":"2","n":1.})", R"({"did":"2","n":+1})",
        R"({"did":"2","n":NaN})", R"({"did":"2","n":.5})", R"({"did":"2",})", "",
        "{\"did\":\"2\",\"s\":\"\xc3\x28\"}"}) {
    const Params p = json_params(body, "did=1");
    BOOST_TEST(p.get("did") == "1", body);
    BOOST_TEST(p.all().size() == 1u, body);
  }
  // Deep nesting neither overflows the stack nor adds the nested names.
  const std::string deep =
      R"({"did":"2","n":)" + std::string(60000, '[') + std::string(60000, ']') + "}";
  const Params p = json_params(deep, "did=1");
  BOOST_TEST(p.get("did") == "2");
  BOOST_TEST(p.all().size() == 1u);
}

BOOST_AUTO_TEST_CASE(json_that_is_not_an_object_adds_nothing) {
  Request r;
  r.query_string = "did=1";
  r.content_type = "application/json";
  for (const char* body : {"[1,2]", "\"x\"", "{\"did\":", "not json", "{\"did\":\"\xff\"}"}) {
    r.body = body;
    const Params p = collect_params(r);
    BOOST_TEST(p.get("did") == "1");
    BOOST_TEST(p.all().size() == 1u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
