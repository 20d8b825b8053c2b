#pragma once
#include <string>
#include <string_view>

namespace morapi::xml {

// The shapes an error answer takes (SPEC §3, §4.2).
enum class ErrorShape {
  status,       // <status><error>M</error></status>: the common checks, cc_by_cli's filters
  page_status,  // <page><status><error>M</error></status></page>: the methods' errors
  page,         // <page><error>M</error></page>: cc_by_cli's own errors, as MOR answers them
};

std::string error_document(ErrorShape shape, std::string_view message);

// <status><error>MESSAGE</error></status>: the shape of the common checks (no <page>).
std::string status_error(std::string_view message);
// <page><status><error>MESSAGE</error></status></page>: every method's error.
std::string page_error(std::string_view message);
// <page><status><success>MESSAGE</success></status></page>
std::string page_success(std::string_view message);
// <page><status>MESSAGE</status></page> (cli_add's success, as the seed page shows it).
std::string page_status(std::string_view message);

// cc_by_cli's answers (SPEC §4.2), as MOR's builder makes them:
// <page><response><status>ok</status>…</response></page>, money already formatted.
struct CardAnswer {
  std::string id, cardgroup_id, balance, balance_with_vat, callerid, pin, number;
};
std::string card_answer(const CardAnswer& card);

struct DeviceAnswer {
  std::string device_id, user_id, new_balance, new_balance_with_vat;
};
std::string device_answer(const DeviceAnswer& device);

}  // namespace morapi::xml
