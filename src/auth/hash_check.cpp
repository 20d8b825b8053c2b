#include "auth/hash_check.hpp"

#include "auth/digest.hpp"
#include "auth/hash_order.hpp"

namespace morapi::auth {
namespace {

constexpr size_t kHashLength = 40;

std::string secret_of(int64_t owner, const Settings& settings) {
  return settings.of_owner("API_Secret_Key", owner).value_or("");
}

// A reseller may also sign with owner 0's key (SPEC §2).
bool borrows_system_key(const std::optional<User>& caller) {
  return caller && caller->role == Role::reseller && caller->secret_owner() != 0;
}

}  // namespace

int64_t owner_of_secret(const std::optional<User>& caller) {
  return caller ? caller->secret_owner() : 0;
}

bool strong_signatures_required(int64_t owner, const Settings& settings) {
  const auto flag = settings.of_owner("morapi_Strong_Signatures", owner);
  return flag && ruby_to_i(*flag) == 1;
}

std::string signing_key(const std::optional<User>& caller, const Settings& settings) {
  return secret_of(owner_of_secret(caller), settings);
}

std::vector<std::string> accepted_secrets(const std::optional<User>& caller,
                                          const Settings& settings) {
  std::vector<std::string> secrets;
  const std::string own = signing_key(caller, settings);
  if (!own.empty()) secrets.push_back(own);
  if (borrows_system_key(caller) && !strong_signatures_required(0, settings)) {
    const std::string system = secret_of(0, settings);
    if (!system.empty()) secrets.push_back(system);
  }
  return secrets;
}

std::vector<std::string> refused_secrets(const std::optional<User>& caller,
                                         const Settings& settings) {
  if (!borrows_system_key(caller) || !strong_signatures_required(0, settings)) return {};
  const std::string system = secret_of(0, settings);
  if (system.empty()) return {};
  return {system};
}

bool hash_checking_disabled(const std::optional<User>& caller, const Settings& settings) {
  const auto flag = settings.of_owner("API_Disable_hash_checking", owner_of_secret(caller));
  return flag && ruby_to_i(*flag) != 0;
}

bool hash_matches(const Params& params, std::span<const HashRule> rules,
                  const std::vector<std::string>& secrets) {
  const std::string* hash = params.find("hash");
  if (!hash || hash->size() != kHashLength) return false;
  bool matched = false;
  for (const HashRule& rule : rules) {
    const std::string text = rule.method_list.empty()
                                 ? mor_order_string(params)
                                 : method_list_string(params, rule.method_list);
    for (const std::string& secret : secrets) {
      // No early exit: every candidate is compared, whatever matched before.
      matched |= constant_time_equal(sha1_hex(text + secret), *hash);
    }
  }
  return matched;
}

}  // namespace morapi::auth
