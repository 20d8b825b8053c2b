#include "xml/writer.hpp"

#include <libxml/xmlwriter.h>

#include <stdexcept>

#include "util/utf8.hpp"

namespace morapi::xml {
namespace {

const xmlChar* x(const std::string& s) {
  return reinterpret_cast<const xmlChar*>(s.c_str());
}

void check(int rc) {
  if (rc < 0) throw std::runtime_error("libxml2 text writer failed");
}

}  // namespace

struct Writer::Impl {
  xmlBufferPtr buffer = nullptr;
  xmlTextWriterPtr writer = nullptr;
};

Writer::Writer() : impl_(new Impl) {
  impl_->buffer = xmlBufferCreate();
  impl_->writer = xmlNewTextWriterMemory(impl_->buffer, 0);
  if (!impl_->buffer || !impl_->writer) throw std::runtime_error("libxml2: out of memory");
  check(xmlTextWriterSetIndent(impl_->writer, 1));
  check(xmlTextWriterSetIndentString(impl_->writer, BAD_CAST "  "));
  check(xmlTextWriterStartDocument(impl_->writer, "1.0", "UTF-8", nullptr));
}

Writer::~Writer() {
  if (impl_->writer) xmlFreeTextWriter(impl_->writer);
  if (impl_->buffer) xmlBufferFree(impl_->buffer);
  delete impl_;
}

Writer& Writer::open(std::string_view name) {
  check(xmlTextWriterStartElement(impl_->writer, x(std::string(name))));
  return *this;
}

Writer& Writer::leaf(std::string_view name, std::string_view text) {
  check(xmlTextWriterWriteElement(impl_->writer, x(std::string(name)), x(sanitize_utf8(text))));
  return *this;
}

Writer& Writer::close() {
  check(xmlTextWriterEndElement(impl_->writer));
  return *this;
}

std::string Writer::finish() {
  check(xmlTextWriterEndDocument(impl_->writer));
  xmlFreeTextWriter(impl_->writer);  // flushes into the buffer
  impl_->writer = nullptr;
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(impl_->buffer)),
                     static_cast<size_t>(xmlBufferLength(impl_->buffer)));
}

}  // namespace morapi::xml
