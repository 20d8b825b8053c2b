// The response documents (src/xml/writer.cpp, src/xml/documents.cpp), built with libxml2's
// writer from texts of any bytes. Invariants: the output always parses back with libxml2, its
// elements are the ones written, in order, and each leaf holds exactly the sanitised text.
#include <fuzzer/FuzzedDataProvider.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <array>
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"
#include "util/utf8.hpp"
#include "xml/documents.hpp"
#include "xml/writer.hpp"

namespace {

using namespace morapi;
using Leaf = std::pair<std::string, std::string>;  // element name, text

// Every element in document order: its name, and its text when it has no element children.
void walk(xmlNode* node, std::vector<Leaf>& out) {
  for (; node; node = node->next) {
    if (node->type != XML_ELEMENT_NODE) continue;
    bool has_elements = false;
    for (xmlNode* child = node->children; child; child = child->next) {
      has_elements |= child->type == XML_ELEMENT_NODE;
    }
    std::string text = "<parent>";
    if (!has_elements) {
      xmlChar* content = xmlNodeGetContent(node);
      text = content ? reinterpret_cast<const char*>(content) : "";
      xmlFree(content);
    }
    out.emplace_back(reinterpret_cast<const char*>(node->name), text);
    walk(node->children, out);
  }
}

void check_parses_to(const std::string& document, const std::vector<Leaf>& expected) {
  xmlDoc* doc = xmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr, nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  fuzz::require(doc != nullptr, "the document parses back", document);
  std::vector<Leaf> got;
  walk(xmlDocGetRootElement(doc), got);
  xmlFreeDoc(doc);
  fuzz::require(got == expected, "the document holds what was written", document);
}

constexpr std::array<std::string_view, 5> kNames = {"status", "error", "card", "id", "balance"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  const std::string message = provider.ConsumeRandomLengthString(256);
  const std::string clean = sanitize_utf8(message);
  check_parses_to(xml::page_error(message),
                  {{"page", "<parent>"}, {"status", "<parent>"}, {"error", clean}});
  check_parses_to(xml::status_error(message), {{"status", "<parent>"}, {"error", clean}});
  check_parses_to(xml::page_success(message),
                  {{"page", "<parent>"}, {"status", "<parent>"}, {"success", clean}});
  check_parses_to(xml::page_status(message), {{"page", "<parent>"}, {"status", clean}});

  // A document of any shape under one root: open, leaf and close in the order the input says.
  xml::Writer writer;
  writer.open("page");
  std::vector<Leaf> expected = {{"page", ""}};  // "" until something is written inside
  std::vector<size_t> open_at = {0};            // index in `expected` of each open element
  for (int step = 0; step < 64 && provider.remaining_bytes() > 0; ++step) {
    const int op = provider.ConsumeIntegralInRange<int>(0, 3);
    const std::string name(kNames[provider.ConsumeIntegralInRange<size_t>(0, kNames.size() - 1)]);
    if (op == 0) {
      writer.open(name);
      expected[open_at.back()].second = "<parent>";
      open_at.push_back(expected.size());
      expected.emplace_back(name, "");
    } else if (op == 1 && open_at.size() > 1) {
      writer.close();
      open_at.pop_back();
    } else {
      const std::string text = provider.ConsumeRandomLengthString(64);
      writer.leaf(name, text);
      expected[open_at.back()].second = "<parent>";
      expected.emplace_back(name, sanitize_utf8(text));
    }
  }
  check_parses_to(writer.finish(), expected);
  return 0;
}
