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

// The owner whose API_Secret_Key signs the caller's requests (SPEC §2); 0 for no caller.
int64_t owner_of_secret(const std::optional<User>& caller);
// The owner's conflines morapi_Strong_Signatures is 1: its key signs strong signatures only.
bool strong_signatures_required(int64_t owner, const Settings& settings);
// The key a strong signature of the caller is made with: its secret owner's alone ("" if none).
std::string signing_key(const std::optional<User>& caller, const Settings& settings);

// The secrets a caller may sign a SHA1 hash with: its owner's key, and for a reseller also
// owner 0's unless owner 0 requires strong signatures. Empty keys are left out: an empty
// secret never matches.
std::vector<std::string> accepted_secrets(const std::optional<User>& caller,
                                          const Settings& settings);
// Owner 0's key, for a reseller when owner 0 requires strong signatures: a SHA1 hash made with
// it is refused as `Strong signature required` rather than as an incorrect hash.
std::vector<std::string> refused_secrets(const std::optional<User>& caller,
                                         const Settings& settings);
bool hash_checking_disabled(const std::optional<User>& caller, const Settings& settings);
// True when `hash` is 40 characters and equals the SHA1 of some rule's string plus some secret.
bool hash_matches(const Params& params, std::span<const HashRule> rules,
                  const std::vector<std::string>& secrets);

}  // namespace morapi::auth
