#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/directory.hpp"
#include "auth/user.hpp"
#include "http/params.hpp"

namespace morapi::auth {

// Which values a method's hash covers (SPEC §2): its own list, or MOR's global order.
struct HashRule {
  std::span<const std::string_view> method_list;  // empty: MOR's global order
  static HashRule mor_order() { return HashRule{}; }
  static HashRule listed(std::span<const std::string_view> names) { return HashRule{names}; }
};

// The secrets a caller may sign with: its owner's key, and for a reseller also owner 0's.
// Empty keys are left out: an empty secret never matches.
std::vector<std::string> accepted_secrets(const std::optional<User>& caller,
                                          const Settings& settings);
bool hash_checking_disabled(const std::optional<User>& caller, const Settings& settings);
// True when `hash` is 40 characters and equals the SHA1 of some rule's string plus some secret.
bool hash_matches(const Params& params, std::span<const HashRule> rules,
                  const std::vector<std::string>& secrets);

}  // namespace morapi::auth
