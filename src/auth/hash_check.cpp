#include "auth/hash_check.hpp"

#include "auth/digest.hpp"
#include "auth/hash_order.hpp"

namespace morapi::auth {
namespace {

constexpr size_t kHashLength = 40;

int64_t owner_of_secret(const std::optional<User>& caller) {
  return caller ? caller->secret_owner() : 0;
}

}  // namespace

std::vector<std::string> accepted_secrets(const std::optional<User>& caller,
                                          const Settings& settings) {
  std::vector<std::string> secrets;
  const int64_t owner = owner_of_secret(caller);
  const auto own = settings.of_owner("API_Secret_Key", owner);
  if (own && !own->empty()) secrets.push_back(*own);
  if (caller && caller->role == Role::reseller) {
    const auto system = settings.of_owner("API_Secret_Key", 0);
    if (system && !system->empty()) secrets.push_back(*system);
  }
  return secrets;
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
