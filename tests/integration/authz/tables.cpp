// The matrix's tables: who calls, which objects exist (mirroring authz/rows.sql and the demo),
// and which method takes which object in which parameter.
#include "authz/matrix.hpp"

namespace morapi::testing::authz {
namespace {

const std::set<std::string> kAllAccountantRights = {"callingcard_manage", "device_manage",
                                                    "cli_ivr", "manage_dids_opt_1"};

}  // namespace

// The objects of each scope (owners 0, 3, 20) and of the other reseller (30).
const std::vector<ObjectRow>& objects() {
  static const std::vector<ObjectRow> rows = {
      {Object::card_group, 0, "1", "", false, "card group 1"},
      {Object::card_group, 3, "3", "", false, "card group 3"},
      {Object::card_group, 20, "20", "", false, "card group 20"},
      {Object::card_group, 30, "30", "", false, "card group 30"},
      {Object::hidden_card_group, 0, "2", "", true, "hidden card group 2"},
      {Object::hidden_card_group, 3, "4", "", true, "hidden card group 4"},
      {Object::hidden_card_group, 20, "21", "", true, "hidden card group 21"},
      {Object::card, 0, "201", "37080000000", false, "card 201"},
      {Object::card, 3, "203", "37080000003", false, "card 203"},
      {Object::card, 20, "205", "37080000020", false, "card 205"},
      {Object::card, 30, "207", "37080000030", false, "card 207"},
      {Object::pin, 0, "202", "20200002", false, "PIN of card 202"},
      {Object::pin, 3, "204", "204003", false, "PIN of card 204"},
      {Object::pin, 20, "206", "206020", false, "PIN of card 206"},
      {Object::pin, 30, "208", "208030", false, "PIN of card 208"},
      {Object::hidden_group_card, 0, "209", "37081000000", true, "card 209 of hidden group 2"},
      {Object::hidden_group_card, 3, "210", "37081000003", true, "card 210 of hidden group 4"},
      {Object::hidden_group_card, 20, "211", "37081000020", true, "card 211 of hidden group 21"},
      {Object::hidden_group_pin, 0, "209", "20900009", true, "PIN of card 209 of hidden group 2"},
      {Object::hidden_group_pin, 3, "210", "210003", true, "PIN of card 210 of hidden group 4"},
      {Object::hidden_group_pin, 20, "211", "211020", true, "PIN of card 211 of hidden group 21"},
      {Object::device, 0, "2", "37070000002", false, "device 2"},
      {Object::device, 3, "7", "37070000007", false, "device 7"},
      {Object::device, 20, "21", "37070000021", false, "device 21"},
      {Object::device, 30, "31", "37070000031", false, "device 31"},
      {Object::provider_device, -1, "9", "37060000009", false, "provider's device 9"},
      {Object::provider, 0, "1", "", false, "provider 1"},
      {Object::provider, 3, "2", "", false, "provider 2"},
      {Object::provider, 20, "20", "", false, "provider 20"},
      {Object::provider, 30, "30", "", false, "provider 30"},
      {Object::hidden_provider, 0, "5", "", true, "hidden provider 5"},
      {Object::hidden_provider, 3, "6", "", true, "hidden provider 6"},
      {Object::hidden_provider, 20, "22", "", true, "hidden provider 22"},
      {Object::did, 0, "3", "", false, "DID 3"},
      {Object::did, 3, "4", "", false, "DID 4"},
      {Object::did, 20, "20", "", false, "DID 20"},
      {Object::did, 30, "30", "", false, "DID 30"},
      {Object::tariff, 0, "3", "", false, "tariff 3"},
      {Object::tariff, 3, "4", "", false, "tariff 4"},
      {Object::tariff, 20, "20", "", false, "tariff 20"},
      {Object::tariff, 30, "30", "", false, "tariff 30"},
      {Object::ivr, 0, "2", "", false, "IVR 2"},
      {Object::ivr, 3, "3", "", false, "IVR 3"},
      {Object::ivr, 20, "20", "", false, "IVR 20"},
      {Object::ivr, 30, "30", "", false, "IVR 30"},
  };
  return rows;
}

const ObjectRow* find_object(Object kind, int64_t owner) {
  for (const ObjectRow& row : objects()) {
    if (row.kind == kind && row.owner == owner) return &row;
  }
  return nullptr;
}

const std::vector<Role>& roles() {
  static const std::vector<Role> rows = {
      {"admin", "admin", "admin1", "secret", Kind::admin, 0, 0, {}},
      {"reseller with calling_cards",
       "user",
       "user1",
       "secret3",
       Kind::reseller,
       3,
       3,
       {"calling_cards"}},
      {"reseller without calling_cards",
       "reseller_plain",
       "reseller_plain1",
       "secret20",
       Kind::reseller,
       20,
       20,
       {}},
      {"accountant with no rights",
       "accountant",
       "accountant1",
       "secret",
       Kind::accountant,
       4,
       0,
       {}},
      {"accountant with some rights",
       "accountant_some",
       "accountant_some1",
       "secret",
       Kind::accountant,
       40,
       0,
       {"device_manage", "callingcard_manage"}},
      {"accountant with all rights", "accountant2", "accountant2", "secret", Kind::accountant, 6, 0,
       kAllAccountantRights},
      {"user", "user_admin", "user_admin1", "secret", Kind::user, 2, 0, {}},
      {"reseller's user", "user_reseller", "user_reseller1", "secret3", Kind::user, 5, 3, {}},
      // Blocked (every right, or calling_cards and a secret of its own): unknown, so owner 0's
      // secret applies (SPEC §2).
      {"blocked accountant", "blocked_accountant", "blocked1", "secret", Kind::unknown, -1, 0, {}},
      {"blocked reseller", "blocked_reseller", "blocked2", "secret", Kind::unknown, -1, 0, {}},
      {"unknown u", "nobody", "nobody1", "secret", Kind::unknown, -1, 0, {}},
      {"missing u", std::nullopt, "", "secret", Kind::unknown, -1, 0, {}},
  };
  return rows;
}

const std::vector<Use>& uses() {
  static const std::vector<Use> rows = {
      {Method::calling_cards_create, Object::card_group, "card_group_id"},
      {Method::calling_cards_create, Object::hidden_card_group, "card_group_id"},
      {Method::cc_by_cli, Object::card_group, "cardgroup_id"},
      {Method::cc_by_cli, Object::hidden_card_group, "cardgroup_id"},
      {Method::cc_by_cli, Object::card, "callerid"},
      {Method::cc_by_cli, Object::pin, "pin"},
      {Method::cc_by_cli, Object::pin, "pin", Via::own_card},
      {Method::cc_by_cli, Object::pin, "pin", Via::own_device},
      {Method::cc_by_cli, Object::card_group, "cardgroup_id", Via::own_card},
      {Method::cc_by_cli, Object::hidden_group_card, "callerid"},
      {Method::cc_by_cli, Object::hidden_group_pin, "pin"},
      {Method::cc_by_cli, Object::device, "callerid"},
      {Method::cc_by_cli, Object::provider_device, "callerid"},
      {Method::cli_add, Object::device, "device_id"},
      {Method::cli_add, Object::provider_device, "device_id"},
      {Method::cli_add, Object::ivr, "ivr_id"},
      {Method::did_create, Object::provider, "provider_id"},
      {Method::did_create, Object::hidden_provider, "provider_id"},
      {Method::did_rates_details_update, Object::did, "did_id"},
      {Method::did_rates_details_update, Object::tariff, "provider_tariff_id"},
      {Method::did_rates_details_update, Object::tariff, "owner_tariff_id"},
  };
  return rows;
}

}  // namespace morapi::testing::authz
