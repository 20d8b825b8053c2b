#include "xml/documents.hpp"

#include <boost/test/unit_test.hpp>

#include "xml/writer.hpp"

using namespace morapi::xml;

BOOST_AUTO_TEST_SUITE(xml_documents)

BOOST_AUTO_TEST_CASE(layout_of_a_page) {
  BOOST_TEST(page_success("Cards created: 11/11") ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<page>\n"
             "  <status>\n"
             "    <success>Cards created: 11/11</success>\n"
             "  </status>\n"
             "</page>\n");
  BOOST_TEST(page_error("DID already exists") ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<page>\n"
             "  <status>\n"
             "    <error>DID already exists</error>\n"
             "  </status>\n"
             "</page>\n");
  BOOST_TEST(page_status("CLI successfully created") ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<page>\n"
             "  <status>CLI successfully created</status>\n"
             "</page>\n");
}

BOOST_AUTO_TEST_CASE(common_check_errors_have_no_page) {
  BOOST_TEST(status_error("There is no such API") ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<status>\n"
             "  <error>There is no such API</error>\n"
             "</status>\n");
}

BOOST_AUTO_TEST_CASE(the_three_error_shapes) {
  const std::string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  BOOST_TEST(error_document(ErrorShape::status, "Bad login") ==
             declaration + "<status>\n  <error>Bad login</error>\n</status>\n");
  BOOST_TEST(error_document(ErrorShape::page_status, "DID already exists") ==
             page_error("DID already exists"));
  BOOST_TEST(error_document(ErrorShape::page, "Card was not found") ==
             declaration + "<page>\n  <error>Card was not found</error>\n</page>\n");
}

// Error documents are remembered per worker (a bounded number): the one remembered is the one
// rendered, for each shape apart, and past the bound every message is still rendered right.
BOOST_AUTO_TEST_CASE(remembered_error_documents_are_the_rendered_ones) {
  const std::string status = error_document(ErrorShape::status, "Same text");
  const std::string page = error_document(ErrorShape::page_status, "Same text");
  BOOST_TEST(page != status);
  for (int i = 0; i < 600; ++i) {
    const std::string message = "message " + std::to_string(i) + " <&>";
    const std::string expected =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <error>message " +
        std::to_string(i) + " &lt;&amp;&gt;</error>\n</page>\n";
    BOOST_TEST(error_document(ErrorShape::page, message) == expected);
    BOOST_TEST(error_document(ErrorShape::page, message) == expected);
  }
  BOOST_TEST(error_document(ErrorShape::status, "Same text") == status);
  BOOST_TEST(error_document(ErrorShape::page_status, "Same text") == page);
  BOOST_TEST(status_error("Same text") == status);
  BOOST_TEST(page_error("Same text") == page);
}

BOOST_AUTO_TEST_CASE(cc_by_cli_answers_are_pages) {
  const std::string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  BOOST_TEST(
      card_answer({"41", "1", "100.00", "121.00", "4444", "1234", "0000000041"}) ==
      declaration +
          "<page>\n  <response>\n    <status>ok</status>\n    <card>\n"
          "      <id>41</id>\n      <cardgroup_id>1</cardgroup_id>\n"
          "      <balance>100.00</balance>\n      <balance_with_vat>121.00</balance_with_vat>\n"
          "      <callerid>4444</callerid>\n      <pin>1234</pin>\n"
          "      <number>0000000041</number>\n    </card>\n  </response>\n</page>\n");
  BOOST_TEST(device_answer({"2", "5", "8.50", "10.29"}) ==
             declaration +
                 "<page>\n  <response>\n    <status>ok</status>\n    <device_id>2</device_id>\n"
                 "    <user_id>5</user_id>\n    <new_balance>8.50</new_balance>\n"
                 "    <new_balance_with_vat>10.29</new_balance_with_vat>\n  </response>\n"
                 "</page>\n");
}

BOOST_AUTO_TEST_CASE(nested_elements_and_siblings) {
  Writer w;
  w.open("page").open("status").leaf("success", "DID created").close();
  w.open("did_details").leaf("id", "12");
  BOOST_TEST(w.finish() ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<page>\n"
             "  <status>\n"
             "    <success>DID created</success>\n"
             "  </status>\n"
             "  <did_details>\n"
             "    <id>12</id>\n"
             "  </did_details>\n"
             "</page>\n");
}

BOOST_AUTO_TEST_CASE(text_is_escaped_and_made_valid) {
  BOOST_TEST(page_error("<a & 'b'> \"c\"") ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<page>\n"
             "  <status>\n"
             "    <error>&lt;a &amp; 'b'&gt; &quot;c&quot;</error>\n"
             "  </status>\n"
             "</page>\n");
  BOOST_TEST(page_status(std::string("x\xFF\0y\x01</status>", 15)) ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<page>\n"
             "  <status>x\xEF\xBF\xBDy\xEF\xBF\xBD&lt;/status&gt;</status>\n"
             "</page>\n");
}

BOOST_AUTO_TEST_CASE(empty_text_is_a_self_closed_element) {
  Writer w;
  w.open("card").leaf("callerid", "");
  BOOST_TEST(w.finish() ==
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<card>\n  <callerid></callerid>\n"
             "</card>\n");
}

BOOST_AUTO_TEST_SUITE_END()
