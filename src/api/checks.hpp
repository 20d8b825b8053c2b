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
// owner). A failure also writes MOR's `actions` row, at most one per client per second.
void require_hash(ApiContext& ctx, std::span<const auth::HashRule> rules);

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
