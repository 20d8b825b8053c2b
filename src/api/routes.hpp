#pragma once
#include <string>
#include <string_view>

#include "api/context.hpp"
#include "api/error.hpp"
#include "xml/documents.hpp"

namespace morapi::api {

// The checks MOR runs as filters before a method (hash, login, access): the caller, once they
// passed. Errors are thrown as ApiError.
using Checks = const auth::User& (*)(ApiContext&);
// The method itself, for a caller that passed its checks: its XML document. Errors are thrown as
// ApiError, after which nothing has changed.
using Method = std::string (*)(ApiContext&, const auth::User& caller);

// How long a request may take: most change one row or a few; a card batch may insert a million.
enum class Timing { single_rows, batch };

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
  Checks checks;
  Method method;
  // The method's own message for a failure that is nobody's fault (a database error).
  std::string_view failure_message;
  ErrorShapes errors = {};
  Timing timing = Timing::single_rows;
};

// The one route table: method name -> endpoint. Nothing when the method is unknown.
const Endpoint* find_endpoint(std::string_view name);

// The endpoints (one file each): their checks and the method.
const auth::User& calling_cards_create_checks(ApiContext& ctx);
std::string calling_cards_create(ApiContext& ctx, const auth::User& caller);
const auth::User& cc_by_cli_checks(ApiContext& ctx);
std::string cc_by_cli(ApiContext& ctx, const auth::User& caller);
const auth::User& cli_add_checks(ApiContext& ctx);
std::string cli_add(ApiContext& ctx, const auth::User& caller);
const auth::User& did_create_checks(ApiContext& ctx);
std::string did_create(ApiContext& ctx, const auth::User& caller);
const auth::User& did_rates_details_update_checks(ApiContext& ctx);
std::string did_rates_details_update(ApiContext& ctx, const auth::User& caller);

}  // namespace morapi::api
