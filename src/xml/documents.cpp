#include "xml/documents.hpp"

#include "util/recent_texts.hpp"
#include "xml/writer.hpp"

namespace morapi::xml {
namespace {

// Error answers are a few fixed texts (`Incorrect hash`, `There is no such API`, ...) asked for
// over and over: each is rendered by libxml2 once per worker and then copied (bounded: a message
// may carry a caller's value).
std::string remembered(ErrorShape shape, std::string_view message,
                       std::string (*render)(std::string_view)) {
  static RecentTexts documents(256);
  std::string key(1, static_cast<char>('0' + static_cast<int>(shape)));
  key += message;
  return documents.get(key, [&](std::string_view) { return render(message); });
}

std::string render_status_error(std::string_view message) {
  Writer w;
  w.open("status").leaf("error", message);
  return w.finish();
}

std::string render_page_error(std::string_view message) {
  Writer w;
  w.open("page").open("status").leaf("error", message);
  return w.finish();
}

std::string render_page_only_error(std::string_view message) {
  Writer w;
  w.open("page").leaf("error", message);
  return w.finish();
}

}  // namespace

std::string status_error(std::string_view message) {
  return remembered(ErrorShape::status, message, render_status_error);
}

std::string page_error(std::string_view message) {
  return remembered(ErrorShape::page_status, message, render_page_error);
}

std::string error_document(ErrorShape shape, std::string_view message) {
  switch (shape) {
    case ErrorShape::status:
      return status_error(message);
    case ErrorShape::page_status:
      return page_error(message);
    case ErrorShape::page:
      break;
  }
  return remembered(ErrorShape::page, message, render_page_only_error);
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

std::string card_answer(const CardAnswer& card) {
  Writer w;
  w.open("page").open("response").leaf("status", "ok").open("card");
  w.leaf("id", card.id).leaf("cardgroup_id", card.cardgroup_id).leaf("balance", card.balance);
  w.leaf("balance_with_vat", card.balance_with_vat).leaf("callerid", card.callerid);
  w.leaf("pin", card.pin).leaf("number", card.number);
  return w.finish();
}

std::string device_answer(const DeviceAnswer& device) {
  Writer w;
  w.open("page").open("response").leaf("status", "ok");
  w.leaf("device_id", device.device_id).leaf("user_id", device.user_id);
  w.leaf("new_balance", device.new_balance);
  w.leaf("new_balance_with_vat", device.new_balance_with_vat);
  return w.finish();
}

}  // namespace morapi::xml
