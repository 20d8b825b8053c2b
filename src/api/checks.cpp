#include "api/checks.hpp"

#include <algorithm>
#include <ctime>

#include "api/error.hpp"
#include "auth/allow_list.hpp"
#include "auth/limits.hpp"
#include "auth/replay_guard.hpp"
#include "auth/signature.hpp"
#include "db/actions_repo.hpp"
#include "metrics/scoreboard.hpp"
#include "util/decimal.hpp"
#include "util/log.hpp"
#include "util/utf8.hpp"

namespace morapi::api {
namespace {

// MOR keeps 256 characters, but its column is varchar(255): a strict sql_mode refuses more.
constexpr size_t kMaxActionText = 255;
constexpr size_t kMaxLimiterEntries = 10000;

auth::Attempt attempt_of(const ApiContext& ctx) {
  const std::string* u = ctx.params.find("u");
  return auth::Attempt{ctx.request.remote_addr, u ? std::string_view(*u) : std::string_view()};
}

auth::LimitSettings limits_of(const Config& config) {
  return auth::LimitSettings{config.failure_delay_after, config.failure_delay_max_ms,
                             config.lockout_after};
}

// MOR's `actions` row ("API : Incorrect hash", or morapi's own messages of the same kind),
// at most one per client address a second, and the failure counted for the abuse limits.
void record_hash_failure(ApiContext& ctx, std::string_view message) {
  count_failed_attempt(ctx);
  const std::string& client = ctx.request.remote_addr;
  if (!ctx.services.hash_failures.allow(client, std::time(nullptr))) return;
  try {
    std::string url = redacted_url(ctx.request).substr(0, kMaxActionText);
    ctx.services.database.write_aside([&](db::Transaction& tx) {
      db::insert_error_action(tx, "API : " + std::string(message), sanitize_utf8(url),
                              sanitize_utf8(client.substr(0, kMaxActionText)));
    });
  } catch (const std::exception& error) {
    // The answer is `Incorrect hash` whether or not the row could be written.
    log::error(std::string("could not record an incorrect hash: ") + error.what());
  }
}

[[noreturn]] void refuse_signature(ApiContext& ctx, const char* message) {
  record_hash_failure(ctx, message);
  throw ApiError::before_method(message);
}

// A request that carries the strong signature fields is verified whatever the owner's switches
// say; its nonce is used up once the signature verified.
void require_strong_signature(ApiContext& ctx, const auth::StrongFields& fields) {
  const std::string key = auth::signing_key(ctx.caller, ctx.settings);
  if (!auth::signature_matches(key, ctx.request.http_method, ctx.method, fields, ctx.params)) {
    refuse_signature(ctx, "Incorrect signature");
  }
  const int64_t owner = auth::owner_of_secret(ctx.caller);
  switch (
      auth::use_nonce(ctx.services.database, owner, fields, ctx.services.config.signature_window)) {
    case auth::NonceUse::fresh:
      return;
    case auth::NonceUse::expired:
      throw ApiError::before_method("Request expired");
    case auth::NonceUse::replayed:
      throw ApiError::before_method("Request replayed");
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

void count_failed_attempt(ApiContext& ctx) {
  metrics::count_failed_attempt();
  const auto delay =
      auth::count_failure(attempt_of(ctx), limits_of(ctx.services.config), std::time(nullptr));
  ctx.answer_delay = std::max(ctx.answer_delay, delay);
}

void admit_client(ApiContext& ctx) {
  const int64_t owner = auth::owner_of_secret(ctx.caller);
  const auto list = ctx.settings.of_owner("morapi_API_Allowed_IPs", owner);
  if (list && auth::has_entries(*list) && !auth::address_allowed(*list, ctx.request.remote_addr)) {
    throw ApiError::before_method("Access Denied");
  }
  if (auth::locked_out(attempt_of(ctx), limits_of(ctx.services.config), std::time(nullptr))) {
    // A failure too: a locked-out flood is held back like any other, not answered at full speed.
    count_failed_attempt(ctx);
    throw ApiError::before_method("Too many failed attempts");
  }
}

void require_hash(ApiContext& ctx, std::span<const auth::HashRule> rules) {
  if (const auto fields = auth::strong_fields(ctx.request, ctx.params)) {
    return require_strong_signature(ctx, *fields);
  }
  if (auth::strong_signatures_required(auth::owner_of_secret(ctx.caller), ctx.settings)) {
    refuse_signature(ctx, "Strong signature required");
  }
  if (auth::hash_checking_disabled(ctx.caller, ctx.settings)) return;
  const auto secrets = auth::accepted_secrets(ctx.caller, ctx.settings);
  if (auth::hash_matches(ctx.params, rules, secrets)) return;
  const auto refused = auth::refused_secrets(ctx.caller, ctx.settings);
  if (!refused.empty() && auth::hash_matches(ctx.params, rules, refused)) {
    refuse_signature(ctx, "Strong signature required");
  }
  refuse_signature(ctx, "Incorrect hash");
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
