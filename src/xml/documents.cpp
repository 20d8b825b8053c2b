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

std::string error_document(ErrorShape shape, std::string_view message) {
  switch (shape) {
    case ErrorShape::status:
      return status_error(message);
    case ErrorShape::page_status:
      return page_error(message);
    case ErrorShape::page:
      break;
  }
  Writer w;
  w.open("page").leaf("error", message);
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
