// did_rates_details_update (SPEC §4.5): a DID's tariffs and call-reject flags.
#include <array>

#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/routes.hpp"
#include "db/dids_repo.hpp"
#include "db/tariffs_repo.hpp"
#include "xml/documents.hpp"

namespace morapi::api {
namespace {

constexpr std::array<std::string_view, 1> kHashList = {"did_id"};
const std::array<auth::HashRule, 1> kHashRules = {auth::HashRule::listed(kHashList)};

const auth::User& require_did_manager(const ApiContext& ctx) {
  const auth::User& caller = require_manager(ctx);
  if (caller.role == auth::Role::accountant && !caller.can_write("manage_dids_opt_1")) {
    throw ApiError("Access Denied");
  }
  return caller;
}

// A tariff parameter: absent means unchanged; present, it must name a tariff of the caller.
std::optional<int64_t> requested_tariff(db::Transaction& tx, const ApiContext& ctx,
                                        const auth::User& caller, std::string_view name) {
  const std::string* value = ctx.params.find(name);
  if (!value) return std::nullopt;
  const auto id = parse_id(*value);
  if (!id || !db::tariff_of_owner_exists(tx, *id, caller.scope_owner())) {
    throw ApiError("Tariff was not found");
  }
  return id;
}

// An allow flag: absent means unchanged; present, it must be 0 or 1.
std::optional<int> requested_flag(const ApiContext& ctx, std::string_view name) {
  const std::string* value = ctx.params.find(name);
  if (!value) return std::nullopt;
  if (*value != "0" && *value != "1") throw ApiError("Invalid value for " + std::string(name));
  return *value == "1" ? 1 : 0;
}

}  // namespace

const auth::User& did_rates_details_update_checks(ApiContext& ctx) {
  require_hash(ctx, kHashRules);
  return require_did_manager(ctx);
}

std::string did_rates_details_update(ApiContext& ctx, const auth::User& caller) {
  return ctx.services.database.transact([&](db::Transaction& tx) {
    const auto did_id = parse_id(ctx.params.get("did_id"));
    const auto did = did_id ? db::lock_did(tx, *did_id) : std::nullopt;
    if (!did || (caller.role == auth::Role::reseller && did->reseller_id != caller.id())) {
      throw ApiError("DID was not found");
    }
    db::DidRatesDetails details;
    details.provider_tariff_id = requested_tariff(tx, ctx, caller, "provider_tariff_id");
    details.owner_tariff_id = requested_tariff(tx, ctx, caller, "owner_tariff_id");
    if (db::count_did_rates(tx, did->id) == 0) throw ApiError("Rates were not found");
    details.allow_call_reject_provider = requested_flag(ctx, "allow_call_reject_provider");
    details.allow_call_reject = requested_flag(ctx, "allow_call_reject");
    db::update_did_rates_details(tx, did->id, details);
    return xml::page_success("DID rates details updated");
  });
}

}  // namespace morapi::api
