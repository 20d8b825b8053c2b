#pragma once
#include <string>
#include <string_view>

#include "api/context.hpp"
#include "api/error.hpp"
#include "xml/documents.hpp"

namespace morapi::api {

// An endpoint returns its XML document; errors are thrown as ApiError.
using Handler = std::string (*)(ApiContext&);

// How an endpoint's errors look, by where they were found (SPEC §3, §4.2).
struct ErrorShapes {
  xml::ErrorShape before_method = xml::ErrorShape::page_status;
  xml::ErrorShape method = xml::ErrorShape::page_status;

  constexpr xml::ErrorShape of(ErrorStage stage) const {
    return stage == ErrorStage::before_method ? before_method : method;
  }
};

struct Endpoint {
  std::string_view name;
  Handler handler;
  // The method's own message for a failure that is nobody's fault (a database error).
  std::string_view failure_message;
  ErrorShapes errors = {};
};

// The one route table: method name -> endpoint. Nothing when the method is unknown.
const Endpoint* find_endpoint(std::string_view name);

// The endpoints (one file each).
std::string calling_cards_create(ApiContext& ctx);
std::string cc_by_cli(ApiContext& ctx);
std::string cli_add(ApiContext& ctx);
std::string did_create(ApiContext& ctx);
std::string did_rates_details_update(ApiContext& ctx);

}  // namespace morapi::api
