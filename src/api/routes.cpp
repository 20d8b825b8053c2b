#include "api/routes.hpp"

#include <array>

namespace morapi::api {

namespace {

constexpr std::array kRoutes = {
    Endpoint{"calling_cards_create",
             calling_cards_create_checks,
             calling_cards_create,
             "Cards were not created",
             {},
             Timing::batch},
    // MOR's filters answer without <page>, the method's own errors in <page> (SPEC §4.2).
    Endpoint{"cc_by_cli",
             cc_by_cli_checks,
             cc_by_cli,
             "Failed to make transaction",
             {xml::ErrorShape::status, xml::ErrorShape::page}},
    Endpoint{"cli_add", cli_add_checks, cli_add, "CLI was not created"},
    Endpoint{"did_create", did_create_checks, did_create, "DID creation failed"},
    Endpoint{"did_rates_details_update", did_rates_details_update_checks, did_rates_details_update,
             "Failed to update DID rates"},
};

}  // namespace

const Endpoint* find_endpoint(std::string_view name) {
  for (const Endpoint& endpoint : kRoutes) {
    if (endpoint.name == name) return &endpoint;
  }
  return nullptr;
}

}  // namespace morapi::api
