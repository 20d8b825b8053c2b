// did_create (SPEC §4.4): a free DID on a provider, with its three didrates rows.
#include <array>
#include <span>

#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/routes.hpp"
#include "db/dids_repo.hpp"
#include "db/providers_repo.hpp"
#include "util/utf8.hpp"
#include "xml/writer.hpp"

namespace morapi::api {
namespace {

// Two rules only (SPEC §4.4). Not MOR's global order: it also counts names did_create ignores
// (`status`, `id`, ...), so a captured provider_id+did hash would sign any other DID sent beside
// `status=<the signed did>`.
constexpr std::array<std::string_view, 2> kProviderAndDid = {"provider_id", "did"};
// The seed page's example and MOR X3 clients sign provider_id alone; an operator can refuse it.
constexpr std::array<std::string_view, 1> kProviderOnly = {"provider_id"};
const std::array<auth::HashRule, 2> kHashRules = {auth::HashRule::listed(kProviderAndDid),
                                                  auth::HashRule::listed(kProviderOnly)};
constexpr size_t kMaxDidLength = 50;  // dids.did is varchar(50)

// The provider the caller asks for: for a reseller, no provider_id means the default one.
db::ProviderRow find_requested_provider(const ApiContext& ctx, const auth::User& caller) {
  std::string requested = ctx.params.get("provider_id");
  if (!ctx.params.has("provider_id") && caller.role == auth::Role::reseller) {
    requested = ctx.settings.global("DID_default_provider_to_resellers");
  }
  const auto id = parse_id(requested);
  std::optional<db::ProviderRow> provider;
  if (id) provider = ctx.services.directory.find_provider(*id);
  if (!provider || provider->hidden) throw ApiError("Provider was not found");
  return *provider;
}

void require_provider_allowed(const ApiContext& ctx, const auth::User& caller,
                              const db::ProviderRow& provider) {
  bool allowed = provider.user_id == caller.scope_owner();
  if (caller.role == auth::Role::reseller) {
    const auto fallback = parse_id(ctx.settings.global("DID_default_provider_to_resellers"));
    allowed = allowed || (fallback && *fallback == provider.id);
  }
  if (!allowed) throw ApiError("You are not authorized to use this Provider");
}

void require_did_management(const ApiContext& ctx, const auth::User& caller) {
  const bool denied =
      (caller.role == auth::Role::accountant && !caller.can_write("manage_dids_opt_1")) ||
      (caller.role == auth::Role::reseller &&
       !ctx.settings.global_is_one("Resellers_can_add_their_own_DIDs"));
  if (denied) throw ApiError("You are not authorized to manage DIDs");
}

std::optional<std::string> optional_text(const ApiContext& ctx, std::string_view name) {
  const std::string* value = ctx.params.find(name);
  if (!value) return std::nullopt;
  return sanitize_utf8(*value);
}

}  // namespace

const auth::User& did_create_checks(ApiContext& ctx) {
  const size_t rules = ctx.services.config.did_create_provider_only_hash ? 2 : 1;
  require_hash(ctx, std::span(kHashRules).first(rules));
  return require_manager(ctx);
}

std::string did_create(ApiContext& ctx, const auth::User& caller) {
  const db::ProviderRow provider = find_requested_provider(ctx, caller);
  require_provider_allowed(ctx, caller, provider);
  require_did_management(ctx, caller);

  db::NewDid did;
  did.did = ctx.params.get("did");
  did.provider_id = provider.id;
  did.reseller_id = caller.role == auth::Role::reseller ? caller.id() : 0;
  did.comment = optional_text(ctx, "comment");
  did.reseller_comment = optional_text(ctx, "reseller_comment");
  did.custom_sip_header = optional_text(ctx, "custom_sip_header");

  const auto lookup = ctx.services.database.read(
      [&](db::Transaction& tx) { return db::look_up_did_number(tx, did.did); });
  if (lookup.exists) {
    // The DID that an earlier copy of this request created (nginx re-sent it after losing the
    // answer): that copy's answer is this one's.
    if (lookup.earlier_answer) return *lookup.earlier_answer;
    throw ApiError("DID already exists");
  }
  if (!all_digits(did.did) || did.did.size() > kMaxDidLength) {
    throw ApiError("Invalid DID specified");
  }
  return ctx.services.database.transact([&](db::Transaction& tx) {
    const auto inserted = db::insert_did_with_rates(tx, did);
    // Another request created the same number after our check: the unique key decided.
    if (!inserted) throw ApiError("DID already exists");
    xml::Writer w;
    w.open("page").open("status").leaf("success", "DID created").close();
    w.open("did_details").leaf("id", std::to_string(*inserted));
    return w.finish();
  });
}

}  // namespace morapi::api
