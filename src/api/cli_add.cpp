// cli_add (SPEC §4.3): a caller ID (CLI) on a device of one of the caller's users.
#include <array>

#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/routes.hpp"
#include "db/callerids_repo.hpp"
#include "util/utf8.hpp"
#include "xml/documents.hpp"

namespace morapi::api {
namespace {

const std::array<auth::HashRule, 1> kHashRules = {auth::HashRule::mor_order()};
constexpr size_t kMaxCliLength = 255;  // callerids.cli, in characters

void require_device_rights(const ApiContext& ctx, const auth::User& caller) {
  if (caller.role != auth::Role::accountant) return;
  const bool denied = !caller.can_write("device_manage") ||
                      (ctx.params.has("ivr_id") && !caller.can_write("cli_ivr"));
  if (denied) throw ApiError("You are not authorised to use this functionality");
}

// The CLI to add, as it will be stored: cli_number, or cli_domain when cli_number is empty.
// Every check sees the stored (sanitized) text, so a value of NUL bytes counts as empty and
// never stores an empty CLI. Only a number must be numeric.
struct RequestedCli {
  std::string value;
  bool is_number = false;
};

RequestedCli requested_cli(const ApiContext& ctx) {
  // Blank (white space only) is empty, as MOR's `blank?` sees it.
  std::string number = sanitize_utf8(ctx.params.get("cli_number"));
  if (!is_blank(number)) return {std::move(number), true};
  std::string domain = sanitize_utf8(ctx.params.get("cli_domain"));
  if (!is_blank(domain)) return {std::move(domain), false};
  throw ApiError("CLI Number cannot be empty");
}

// The caller's users' devices; the admin (and accountants, who act for it) also reach the
// devices of its resellers' users.
bool device_is_callers(const db::DeviceOwners& device, const auth::User& caller) {
  const int64_t owner = caller.scope_owner();
  if (device.user_owner_id == owner) return true;
  return owner == 0 && device.owner_is_reseller && device.owner_owner_id == 0;
}

}  // namespace

const auth::User& cli_add_checks(ApiContext& ctx) {
  require_hash(ctx, kHashRules);
  const auth::User& caller = require_manager(ctx);
  require_device_rights(ctx, caller);
  return caller;
}

std::string cli_add(ApiContext& ctx, const auth::User& caller) {
  const RequestedCli cli = requested_cli(ctx);
  const std::string* device_text = ctx.params.find("device_id");
  if (!device_text || device_text->empty()) throw ApiError("Device ID cannot be empty");

  db::NewCallerid row;
  row.cli = cli.value;
  if (const std::string* description = ctx.params.find("cli_description")) {
    row.description = sanitize_utf8(*description);
  }
  row.comment = sanitize_utf8(ctx.params.get("comment"));
  row.banned = ctx.params.get("banned") == "1" ? 1 : 0;

  return ctx.services.database.transact([&](db::Transaction& tx) {
    const auto device_id = parse_id(*device_text);
    const auto device = device_id ? db::find_device_owners(tx, *device_id) : std::nullopt;
    if (!device || !device_is_callers(*device, caller)) throw ApiError("Device was not found");
    row.device_id = device->device_id;
    if (const std::string* ivr_text = ctx.params.find("ivr_id")) {
      const auto ivr_id = parse_id(*ivr_text);
      if (!ivr_id || !db::ivr_of_user_exists(tx, *ivr_id, caller.scope_owner())) {
        throw ApiError("IVR was not found");
      }
      row.ivr_id = *ivr_id;
    }
    if (cli.is_number && !all_digits(row.cli)) throw ApiError("CLI must be numeric");
    if (utf8_length(row.cli) > kMaxCliLength) {
      throw ApiError("CLI was not created", "CLI too long");
    }
    // Checked first for the message; the unique key decides between two requests at once.
    auto holder = db::cli_holder(tx, row.cli);
    if (!holder && !db::insert_callerid(tx, row)) {
      holder = db::cli_holder(tx, row.cli);
      if (!holder) throw ApiError("CLI was not created", "its holder vanished meanwhile");
    }
    if (holder) throw ApiError("CLI already exists. It is assigned to " + *holder + " device");
    return xml::page_status("CLI successfully created");
  });
}

}  // namespace morapi::api
