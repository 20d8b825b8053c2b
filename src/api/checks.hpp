#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "api/context.hpp"
#include "auth/hash_check.hpp"
#include "db/cardgroups_repo.hpp"

namespace morapi::api {

// `Incorrect hash` unless the hash matches one of the rules (or checking is off for the caller's
// owner). A failure also writes MOR's `actions` row, at most one per client per second, and
// counts for the abuse limits. A request with strong signature fields is verified by them
// instead (`Incorrect signature`, `Request expired`, `Request replayed`); an owner that requires
// them refuses the SHA1 hash (`Strong signature required`), hash checking off or not.
void require_hash(ApiContext& ctx, std::span<const auth::HashRule> rules);

// Before any check of the method: `Access Denied` from an address that the caller's owner's
// allow list (morapi_API_Allowed_IPs) leaves out, `Too many failed attempts` while the address
// and `u` are locked out (lockout_after; counted as a failure too).
void admit_client(ApiContext& ctx);

// A failed login or hash, counted for the abuse limits: the answer may wait (answer_delay).
void count_failed_attempt(ApiContext& ctx);

// The caller, unless it is unknown or a plain user: then `Access Denied`.
const auth::User& require_manager(const ApiContext& ctx);

// A parameter that must be all digits and fit in 63 bits; nothing otherwise.
std::optional<int64_t> parse_id(const std::string& text);
// Not empty, and only digits.
bool all_digits(std::string_view text);

// A card group the caller manages (hidden ones are not).
bool is_callers_group(const db::CardGroupRow& group, const auth::User& caller);

// The URL as MOR logs it, with the values of `p`, `hash` and `pin` (a bearer secret for a card's
// money) replaced, under every spelling that decodes to those names.
std::string redacted_url(const Request& request);

}  // namespace morapi::api
