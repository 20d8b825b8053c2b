// The rules each cell's expected answer is derived from, written down from SPEC §2 and §4: for
// every method its checks in SPEC's order, the first that refuses giving the message, and the
// cell's deliberate late defect (see cell_params) when none does.
#include <functional>

#include "authz/matrix.hpp"
#include "fixture.hpp"

namespace morapi::testing::authz {
namespace {

// cc_by_cli's own errors (SPEC §4.2): <page><error>, no <status>.
std::string page_only_error(const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <error>" + message +
         "</error>\n</page>\n";
}

bool known(const Role& role) {
  return role.kind != Kind::unknown;
}
bool manager(const Role& role) {
  return known(role) && role.kind != Kind::user;
}
bool has(const Role& role, const std::string& right) {
  return role.rights.count(right) > 0;
}
// SPEC §4.1/4.2: resellers need `calling_cards`, accountants `callingcard_manage`.
bool card_rights(const Role& role) {
  if (role.kind == Kind::reseller) return has(role, "calling_cards");
  if (role.kind == Kind::accountant) return has(role, "callingcard_manage");
  return true;
}
bool owns(const Role& role, const ObjectRow& object) {
  return !object.hidden && object.owner == role.scope;
}
// The resellers of the fixture, all owned by the admin (demo.sql, rows.sql).
bool is_admins_reseller(int64_t owner) {
  return owner == 3 || owner == 20 || owner == kOtherReseller;
}

// An ordered list of checks: the first whose condition holds refuses with its body.
struct Check {
  bool refuses;
  std::string body;
};
std::string first_refusal(const std::vector<Check>& checks, const std::string& reached) {
  for (const Check& check : checks) {
    if (check.refuses) return check.body;
  }
  return reached;
}

// SPEC §4.1. As in MOR, the admin reaches every card group; the others their scope's; hidden
// ones nobody.
std::string calling_cards_create(const Role& role, const ObjectRow& group) {
  const bool reached = !group.hidden && (role.kind == Kind::admin || group.owner == role.scope);
  return first_refusal(
      {{!manager(role), page_error("Access Denied")},
       {!card_rights(role), page_error("You are not authorized to use this functionality")},
       {!reached, page_error("Card Group was not found")}},
      page_error("Cards from must not be greater than Cards till"));
}

// SPEC §4.2. Only the caller's own groups (owner = its scope) count, for the admin too.
std::string cc_by_cli(const Role& role, const ObjectRow& object) {
  std::vector<Check> checks = {
      {!known(role), status_error("Bad login")},
      {!manager(role) || !card_rights(role), status_error("Access Denied")}};
  std::string reached = page_only_error("Invalid amount");
  switch (object.kind) {
    case Object::provider_device:
      checks.push_back({true, page_only_error("Callerid belongs to provider")});
      break;
    case Object::device:
      checks.push_back({object.owner != role.scope,
                        page_only_error("Device allready have such callerid, but you do not "
                                        "have permission to change user's balance")});
      break;
    case Object::card:
      checks.push_back({!owns(role, object), page_only_error("Card was not found")});
      break;
    case Object::hidden_group_card:
      checks.push_back({!owns(role, object), page_only_error("Card was not found")});
      break;
    case Object::hidden_group_pin:
      checks.push_back({!owns(role, object), page_only_error("PIN number not found")});
      break;
    case Object::pin:
      checks.push_back({!owns(role, object), page_only_error("PIN number not found")});
      reached = page_only_error("PIN number balance is zero");  // the own PIN cards are empty
      break;
    default:  // a card group for a caller ID seen nowhere
      checks.push_back({!owns(role, object), page_only_error("Supplied Cardgroup_id is invalid")});
  }
  return first_refusal(checks, reached);
}

// SPEC §4.3. The admin (and accountants, for owner 0) also reach its resellers' users' devices.
std::string cli_add(const Role& role, const ObjectRow& object) {
  const bool ivr = object.kind == Object::ivr;
  const bool rights_missing = role.kind == Kind::accountant &&
                              (!has(role, "device_manage") || (ivr && !has(role, "cli_ivr")));
  std::vector<Check> checks = {
      {!manager(role), page_error("Access Denied")},
      {rights_missing, page_error("You are not authorised to use this functionality")}};
  if (ivr) {
    checks.push_back({object.owner != role.scope, page_error("IVR was not found")});
  } else {
    const bool reached =
        object.kind == Object::device &&
        (object.owner == role.scope || (role.scope == 0 && is_admins_reseller(object.owner)));
    checks.push_back({!reached, page_error("Device was not found")});
  }
  return first_refusal(checks, page_error("CLI must be numeric"));
}

// SPEC §4.4. A reseller may also use the provider DID_default_provider_to_resellers names, and
// manages DIDs only while Resellers_can_add_their_own_DIDs is 1.
std::string did_create(const Role& role, const ObjectRow& provider, const Switches& switches) {
  const bool reseller = role.kind == Kind::reseller;
  const bool allowed = provider.owner == role.scope ||
                       (reseller && provider.id == switches.did_default_provider_to_resellers);
  const bool may_manage = role.kind == Kind::accountant ? has(role, "manage_dids_opt_1")
                          : reseller                    ? switches.resellers_can_add_their_own_dids
                                                        : true;
  return first_refusal({{!manager(role), page_error("Access Denied")},
                        {provider.hidden, page_error("Provider was not found")},
                        {!allowed, page_error("You are not authorized to use this Provider")},
                        {!may_manage, page_error("You are not authorized to manage DIDs")}},
                       page_error("Invalid DID specified"));
}

// SPEC §4.5. Only a reseller is limited to its own DIDs; tariffs must be the caller's scope's.
std::string did_rates_details_update(const Role& role, const ObjectRow& object) {
  const bool denied =
      !manager(role) || (role.kind == Kind::accountant && !has(role, "manage_dids_opt_1"));
  std::vector<Check> checks = {{denied, page_error("Access Denied")}};
  if (object.kind == Object::did) {
    checks.push_back(
        {role.kind == Kind::reseller && object.owner != role.id, page_error("DID was not found")});
  } else {
    checks.push_back({object.owner != role.scope, page_error("Tariff was not found")});
  }
  return first_refusal(checks, page_error("Invalid value for allow_call_reject"));
}

}  // namespace

std::string expected_body(const Cell& cell, const Switches& switches) {
  switch (cell.use.method) {
    case Method::calling_cards_create:
      return calling_cards_create(*cell.role, cell.target);
    case Method::cc_by_cli:
      return cc_by_cli(*cell.role, cell.target);
    case Method::cli_add:
      return cli_add(*cell.role, cell.target);
    case Method::did_create:
      return did_create(*cell.role, cell.target, switches);
    case Method::did_rates_details_update:
      return did_rates_details_update(*cell.role, cell.target);
  }
  return "";
}

}  // namespace morapi::testing::authz
