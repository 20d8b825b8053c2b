#pragma once
// The authorization matrix of issue 9 as data: callers (roles) × uses (a method taking an object
// in one of its parameters) × whose object it is. Each cell's expected answer is derived by
// expected_body() from SPEC §4's rules, never written per cell.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace morapi::testing::authz {

using Params = std::vector<std::pair<std::string, std::string>>;

// What morapi must see the caller as: a blocked user counts as unknown (SPEC §2).
enum class Kind { admin, reseller, accountant, user, unknown };

struct Role {
  std::string name;
  std::optional<std::string> u;  // nothing: no `u` at all
  std::string password;          // plain; cc_by_cli sends it as `p`
  std::string secret;            // the API secret SPEC §2 says this caller signs with
  Kind kind;
  int64_t id;                    // users.id (-1 when unknown)
  int64_t scope;                 // whose objects are its own: admin and accountants act for owner 0
  std::set<std::string> rights;  // acc_group rights with write access (rows.sql)
};

enum class Object {
  card_group,
  hidden_card_group,
  card,
  pin,
  hidden_group_card,  // a card with a caller ID in the caller's hidden group
  hidden_group_pin,   // the PIN of that card
  hidden_provider,
  device,
  provider_device,
  provider,
  did,
  tariff,
  ivr
};

// One object of the fixture (sql/demo.sql + authz/rows.sql). `owner` is what decides reach: the
// group's, card's or tariff's owner, the device user's owner, the provider's user_id, the DID's
// reseller_id, the IVR's user_id; -1 for the provider's device.
struct ObjectRow {
  Object kind;
  int64_t owner;
  std::string id;    // the value a parameter names it by
  std::string text;  // a card's or device's caller ID, or a PIN card's PIN
  bool hidden = false;
  std::string description;
};

// The reseller whose objects are "another reseller's" for every caller; never a caller itself.
inline constexpr int64_t kOtherReseller = 30;

enum class Method {
  calling_cards_create,
  cc_by_cli,
  cli_add,
  did_create,
  did_rates_details_update
};

// A method taking an object kind in one of its parameters (`slot`).
// cc_by_cli finds the caller ID first (SPEC §4.2): a PIN or a card group is asked for on each
// branch the caller ID leads to, the caller's own card or device, or nowhere.
enum class Via { nowhere, own_card, own_device };

struct Use {
  Method method;
  Object object;
  std::string slot;
  Via via = Via::nowhere;
};

struct Cell {
  const Role* role;
  Use use;
  ObjectRow target;
  std::string name() const;
};

// The owner whose API_Secret_Key and API_Disable_hash_checking apply (SPEC §2): a reseller's
// own, a user's owner's, owner 0 for everyone else.
int64_t secret_owner(const Role& role);

const std::vector<Role>& roles();
// The objects of each scope (owners 0, 3, 20) and of the other reseller (30).
const std::vector<ObjectRow>& objects();
// The object of this kind owned by `owner`, if there is one.
const ObjectRow* find_object(Object kind, int64_t owner);
const std::vector<Use>& uses();
std::string method_name(Method method);
// Every cell: each role × each use × (the other reseller's object; for a reseller also the
// admin's; and the caller's own as the control that a refusal is about whose it is; the single
// objects — the caller's hidden group, the provider's device — once).
std::vector<Cell> cells();
// The parameters the cell sends (u, p, its own, hash), signed as SPEC §2 says for its method
// and its role; and as the GET the matrix sends.
Params request_params(const Cell& cell);
std::string request_uri(const Cell& cell);
std::string method_path(Method method);  // /billing/api/<method>
// The same parameters as a form body or a flat JSON object (SPEC §1).
std::string form_encoded(const Params& params);
std::string json_object(const Params& params);
// The settings of SPEC §2 that change who may do what; the defaults are the demo's.
struct Switches {
  bool resellers_can_add_their_own_dids = true;
  std::string did_default_provider_to_resellers = "1";
};

// The exact body SPEC's rules give for the cell, under these settings.
std::string expected_body(const Cell& cell, const Switches& switches = {});

// A request of `method` with these parameters, signed with `secret` (plus u and p as given).
std::string signed_uri(Method method, const Params& params, const std::string& secret);

}  // namespace morapi::testing::authz
