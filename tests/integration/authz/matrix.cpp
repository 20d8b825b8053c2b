// How the matrix's cells are made from its tables (authz/tables.cpp), and each cell's request.
#include "authz/matrix.hpp"

#include <stdexcept>

#include "fixture.hpp"

namespace morapi::testing::authz {
namespace {

const ObjectRow& own(Object kind, const Role& role) {
  const ObjectRow* row = find_object(kind, role.scope);
  if (!row)
    throw std::logic_error("no object of this kind for scope " + std::to_string(role.scope));
  return *row;
}

// The values SPEC §2 hashes, in the order each method's rule takes them: a method list, or MOR's
// global order restricted to the names these requests send (ivr_id is not in it).
std::vector<std::string> hashed_names(Method method) {
  switch (method) {
    case Method::calling_cards_create:
      return {"card_group_id", "cards_from", "cards_till"};
    case Method::cc_by_cli:
      return {"pin", "amount", "callerid", "cardgroup_id"};
    case Method::cli_add:
      return {"device_id", "cli_number"};
    case Method::did_create:
      return {"provider_id", "did"};
    case Method::did_rates_details_update:
      return {"did_id"};
  }
  return {};
}

// A caller ID no device and no card holds.
const std::string kNowhereCli = "37089999999";

// The parameters of a cell: the object in its slot, the caller's own objects where the method
// needs another one, and one defect the method checks only after every authorization check
// (cards_from > cards_till, amount 0, a non-numeric CLI or DID, an allow flag of 7), so that a
// cell that passes them all answers that defect's message and changes nothing.
Params cell_params(const Cell& cell) {
  const Role& role = *cell.role;
  const ObjectRow& target = cell.target;
  switch (cell.use.method) {
    case Method::calling_cards_create:
      return {
          {"card_group_id", target.id}, {"cards_from", "2000000002"}, {"cards_till", "2000000001"}};
    case Method::cc_by_cli: {
      const std::string cli = cell.use.via == Via::own_card     ? own(Object::card, role).text
                              : cell.use.via == Via::own_device ? own(Object::device, role).text
                                                                : kNowhereCli;
      switch (target.kind) {
        case Object::pin:
        case Object::hidden_group_pin:
          return {{"callerid", cli}, {"pin", target.text}};
        case Object::card_group:
        case Object::hidden_card_group:
          return {{"callerid", cli}, {"cardgroup_id", target.id}, {"amount", "0"}};
        default:  // the caller ID of a card, a device or the provider's device
          return {{"callerid", target.text}, {"amount", "0"}};
      }
    }
    case Method::cli_add:
      if (target.kind == Object::ivr) {
        return {{"device_id", own(Object::device, role).id},
                {"cli_number", "abc"},
                {"ivr_id", target.id}};
      }
      return {{"device_id", target.id}, {"cli_number", "abc"}};
    case Method::did_create:
      return {{"provider_id", target.id}, {"did", "abc"}};
    case Method::did_rates_details_update:
      if (target.kind == Object::tariff) {
        return {{"did_id", own(Object::did, role).id},
                {cell.use.slot, target.id},
                {"allow_call_reject", "7"}};
      }
      return {{"did_id", target.id}, {"allow_call_reject", "7"}};
  }
  return {};
}

}  // namespace

int64_t secret_owner(const Role& role) {
  if (role.kind == Kind::reseller) return role.id;
  if (role.kind == Kind::user) return role.scope;
  return 0;
}

std::string method_name(Method method) {
  switch (method) {
    case Method::calling_cards_create:
      return "calling_cards_create";
    case Method::cc_by_cli:
      return "cc_by_cli";
    case Method::cli_add:
      return "cli_add";
    case Method::did_create:
      return "did_create";
    case Method::did_rates_details_update:
      return "did_rates_details_update";
  }
  return "";
}

std::vector<Cell> cells() {
  std::vector<Cell> out;
  for (const Role& role : roles()) {
    for (const Use& use : uses()) {
      if (use.object == Object::provider_device) {
        out.push_back({&role, use, *find_object(use.object, -1)});
        continue;
      }
      // The caller's own object: the control that the refusal is about whose it is.
      out.push_back({&role, use, own(use.object, role)});
      if (const ObjectRow* other = find_object(use.object, kOtherReseller)) {
        out.push_back({&role, use, *other});
      }
      // For a reseller the admin's objects are not its own either.
      const ObjectRow* admins = find_object(use.object, 0);
      if (role.scope != 0 && admins && !admins->hidden) out.push_back({&role, use, *admins});
    }
  }
  return out;
}

std::string Cell::name() const {
  const std::string whose = target.owner == kOtherReseller ? "other reseller's "
                            : target.owner == -1           ? ""
                            : target.owner == role->scope  ? "own "
                                                           : "admin's ";
  return "role=" + role->name + ", method=" + method_name(use.method) + ", object=" + whose +
         target.description + " as " + use.slot +
         (use.via == Via::own_card     ? " with the caller ID of its own card"
          : use.via == Via::own_device ? " with the caller ID of its own device"
                                       : "");
}

Params signed_params(Method method, Params params, const std::string& secret) {
  std::string text;
  for (const std::string& name : hashed_names(method)) {
    for (const auto& [key, value] : params) {
      if (key == name) text += value;
    }
  }
  params.emplace_back("hash", sha1(text + secret));
  return params;
}

std::string form_encoded(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    out += (out.empty() ? "" : "&") + name + "=" + percent_encoded(value);
  }
  return out;
}

std::string json_object(const Params& params) {
  std::string out = "{";
  for (const auto& [name, value] : params) {
    // The values here are digits, letters and spaces: nothing JSON would escape.
    out += (out.size() > 1 ? ", \"" : "\"") + name + "\": \"" + value + "\"";
  }
  return out + "}";
}

std::string method_path(Method method) {
  return "/billing/api/" + method_name(method);
}

std::string signed_uri(Method method, const Params& params, const std::string& secret) {
  return method_path(method) + "?" + form_encoded(signed_params(method, params, secret));
}

Params request_params(const Cell& cell) {
  Params params;
  if (cell.role->u) params.emplace_back("u", *cell.role->u);
  if (cell.use.method == Method::cc_by_cli && cell.role->u) {
    params.emplace_back("p", cell.role->password);
  }
  const Params rest = cell_params(cell);
  params.insert(params.end(), rest.begin(), rest.end());
  return signed_params(cell.use.method, params, cell.role->secret);
}

std::string request_uri(const Cell& cell) {
  return method_path(cell.use.method) + "?" + form_encoded(request_params(cell));
}

}  // namespace morapi::testing::authz
