#include "api/checks.hpp"

#include <algorithm>
#include <ctime>

#include "api/error.hpp"
#include "db/actions_repo.hpp"
#include "util/decimal.hpp"
#include "util/log.hpp"
#include "util/utf8.hpp"

namespace morapi::api {
namespace {

// MOR keeps 256 characters, but its column is varchar(255): a strict sql_mode refuses more.
constexpr size_t kMaxActionText = 255;
constexpr size_t kMaxLimiterEntries = 10000;

void record_hash_failure(ApiContext& ctx) {
  const std::string& client = ctx.request.remote_addr;
  if (!ctx.services.hash_failures.allow(client, std::time(nullptr))) return;
  try {
    std::string url = redacted_url(ctx.request).substr(0, kMaxActionText);
    ctx.services.database.write_aside([&](db::Transaction& tx) {
      db::insert_incorrect_hash_action(tx, sanitize_utf8(url),
                                       sanitize_utf8(client.substr(0, kMaxActionText)));
    });
  } catch (const std::exception& error) {
    // The answer is `Incorrect hash` whether or not the row could be written.
    log::error(std::string("could not record an incorrect hash: ") + error.what());
  }
}

}  // namespace

bool HashFailureLimiter::allow(const std::string& client, int64_t now_seconds) {
  if (last_.size() >= kMaxLimiterEntries) last_.clear();
  auto [it, inserted] = last_.try_emplace(client, now_seconds);
  if (!inserted && it->second == now_seconds) {
    ++suppressed_;
    return false;
  }
  it->second = now_seconds;
  return true;
}

void require_hash(ApiContext& ctx, std::span<const auth::HashRule> rules) {
  if (auth::hash_checking_disabled(ctx.caller, ctx.settings)) return;
  const auto secrets = auth::accepted_secrets(ctx.caller, ctx.settings);
  if (auth::hash_matches(ctx.params, rules, secrets)) return;
  record_hash_failure(ctx);
  throw ApiError::before_method("Incorrect hash");
}

const auth::User& require_manager(const ApiContext& ctx) {
  if (!ctx.caller || ctx.caller->role == auth::Role::user) throw ApiError("Access Denied");
  return *ctx.caller;
}

bool all_digits(std::string_view text) {
  return !text.empty() && digits_only(text);
}

bool is_callers_group(const db::CardGroupRow& group, const auth::User& caller) {
  return !group.hidden && group.owner_id == caller.scope_owner();
}

std::optional<int64_t> parse_id(const std::string& text) {
  if (!all_digits(text)) return std::nullopt;
  const size_t first = text.find_first_not_of('0');
  if (first != std::string::npos && text.size() - first > 18) return std::nullopt;
  return first == std::string::npos ? 0 : std::stoll(text.substr(first));
}

std::string redacted_url(const Request& request) {
  const std::string& uri = request.request_uri;
  const size_t question = uri.find('?');
  if (question == std::string::npos) return uri;
  std::string out = uri.substr(0, question + 1);
  std::string_view query(uri);
  query.remove_prefix(question + 1);
  bool first = true;
  while (true) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::string_view name = pair.substr(0, pair.find('='));
    if (!first) out += '&';
    first = false;
    const std::string decoded_name = form_decode(name);
    if (decoded_name == "p" || decoded_name == "hash" || decoded_name == "pin") {
      out.append(name).append("=[FILTERED]");
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace morapi::api
