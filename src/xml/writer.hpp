#pragma once
#include <string>
#include <string_view>

namespace morapi::xml {

// Builds one XML document with libxml2's text writer: declaration first, two spaces per level,
// one element a line. Every text is made valid UTF-8 and escaped, so no value can break it.
class Writer {
 public:
  Writer();
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  Writer& open(std::string_view name);
  Writer& leaf(std::string_view name, std::string_view text);
  Writer& close();
  // Closes what is still open and returns the document.
  std::string finish();

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace morapi::xml
