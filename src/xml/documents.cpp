#include "xml/documents.hpp"

#include "xml/writer.hpp"

namespace morapi::xml {

std::string status_error(std::string_view message) {
  Writer w;
  w.open("status").leaf("error", message);
  return w.finish();
}

std::string page_error(std::string_view message) {
  Writer w;
  w.open("page").open("status").leaf("error", message);
  return w.finish();
}

std::string page_success(std::string_view message) {
  Writer w;
  w.open("page").open("status").leaf("success", message);
  return w.finish();
}

std::string page_status(std::string_view message) {
  Writer w;
  w.open("page").leaf("status", message);
  return w.finish();
}

}  // namespace morapi::xml
