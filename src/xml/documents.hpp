#pragma once
#include <string>
#include <string_view>

namespace morapi::xml {

// <status><error>MESSAGE</error></status>: the shape of the common checks (no <page>).
std::string status_error(std::string_view message);
// <page><status><error>MESSAGE</error></status></page>: every method's error.
std::string page_error(std::string_view message);
// <page><status><success>MESSAGE</success></status></page>
std::string page_success(std::string_view message);
// <page><status>MESSAGE</status></page> (cli_add's success, as the seed page shows it).
std::string page_status(std::string_view message);

}  // namespace morapi::xml
