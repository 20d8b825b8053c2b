// calling_cards_create (SPEC §4.1): a range of card numbers in one card group, each with a
// random PIN, all in one transaction.
#include <array>

#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/routes.hpp"
#include "db/cardgroups_repo.hpp"
#include "db/cards_repo.hpp"
#include "metrics/scoreboard.hpp"
#include "util/decimal.hpp"
#include "util/drawn_pins.hpp"
#include "util/pin_space.hpp"
#include "util/random_digits.hpp"
#include "util/utf8.hpp"
#include "xml/documents.hpp"

namespace morapi::api {
namespace {

constexpr std::array<std::string_view, 3> kHashList = {"card_group_id", "cards_from", "cards_till"};
const std::array<auth::HashRule, 1> kHashRules = {auth::HashRule::listed(kHashList)};

// Cards generated, inserted and forgotten at a time: memory stays the same for any batch size.
constexpr size_t kChunkSize = 4096;
// With PINs at most a fifth used, 64 misses in a row for one card happen with odds of 5^-64.
constexpr int kMaxPinRounds = 64;
constexpr size_t kMaxBatchNumberLength = 255;
constexpr size_t kMaxLanguageLength = 10;
// A batch may wait for another batch of its PIN length (a million cards take ~20 s); nginx
// gives this method 600 s.
constexpr int kBatchLockWaitSeconds = 120;

// As in MOR, the admin reaches every card group (a reseller's too), an accountant owner 0's, a
// reseller its own; a hidden one nobody. (cc_by_cli keeps is_callers_group: the caller's own.)
bool reaches(const db::CardGroupRow& group, const auth::User& caller) {
  if (group.hidden) return false;
  return caller.role == auth::Role::admin || group.owner_id == caller.scope_owner();
}

db::CardGroupRow find_reachable_group(const ApiContext& ctx, const auth::User& caller) {
  const auto id = parse_id(ctx.params.get("card_group_id"));
  std::optional<db::CardGroupRow> group;
  if (id) {
    group = ctx.services.database.read(
        [&](db::Transaction& tx) { return db::find_card_group(tx, *id); });
  }
  if (!group || !reaches(*group, caller)) throw ApiError("Card Group was not found");
  return *group;
}

// A range end: present and not empty.
std::string range_end(const ApiContext& ctx, const char* name, const std::string& label) {
  const std::string* value = ctx.params.find(name);
  if (!value || value->empty()) throw ApiError(label + " was not found");
  return *value;
}

void require_number_format(const std::string& value, const db::CardGroupRow& group,
                           const std::string& label) {
  if (!all_digits(value) || value.size() != static_cast<size_t>(group.number_length)) {
    throw ApiError(label + " is in incorrect format");
  }
}

// How many numbers [from, till] holds (same width, from <= till); nothing when it is more than
// 18 digits can count, which is more than any cap. Exact for any width: till - from by digits.
std::optional<int64_t> range_size(const std::string& from, const std::string& till) {
  std::string difference(till.size(), '0');
  int borrow = 0;
  for (size_t i = till.size(); i-- > 0;) {
    int digit = (till[i] - '0') - (from[i] - '0') - borrow;
    borrow = digit < 0;
    difference[i] = static_cast<char>('0' + digit + 10 * borrow);
  }
  const size_t first = difference.find_first_not_of('0');
  if (first == std::string::npos) return 1;
  if (difference.size() - first > 18) return std::nullopt;
  return std::stoll(difference.substr(first)) + 1;
}

// The optional parameters; an invalid value silently takes the default, as MOR does.
db::CardBatch batch_options(const ApiContext& ctx, const db::CardGroupRow& group) {
  db::CardBatch batch;
  batch.cardgroup_id = group.id;
  batch.owner_id = group.owner_id;
  if (const std::string* number = ctx.params.find("batch_number")) {
    const std::string clean = sanitize_utf8(*number);
    if (clean.size() <= kMaxBatchNumberLength) batch.batch_number = clean;
  }
  const std::string min_balance = ctx.params.get("min_balance");
  if (is_plain_decimal(min_balance)) batch.min_balance = min_balance;
  const std::string language = ctx.params.get("language");
  const bool language_ok =
      !language.empty() && language.size() <= kMaxLanguageLength &&
      language.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == std::string::npos;
  if (language_ok) batch.language = language;
  return batch;
}

// A PIN this batch has not drawn before (the database's unique key decides about the others).
std::string fresh_pin(RandomDigits& random, DrawnPins& drawn, int pin_length) {
  for (;;) {
    std::string pin = random.next(static_cast<size_t>(pin_length));
    if (drawn.first_time(pin)) return pin;
  }
}

// Inserts one chunk of consecutive numbers. Rows the database skipped are either numbers that
// exist (done: they count as not created) or PINs that were taken (drawn again).
int64_t insert_chunk(db::Transaction& tx, const db::CardBatch& batch, int pin_length,
                     std::vector<db::NewCard> cards, RandomDigits& random, DrawnPins& drawn) {
  int64_t inserted = 0;
  for (int round = 0; !cards.empty(); ++round) {
    if (round == kMaxPinRounds) throw std::runtime_error("no free PIN found after many draws");
    const int64_t went_in = db::insert_cards_ignoring_duplicates(tx, cards);
    inserted += went_in;
    if (went_in == static_cast<int64_t>(cards.size())) break;
    const auto present = db::cards_in_number_range(tx, batch.cardgroup_id, cards.front().number,
                                                   cards.back().number);
    std::vector<db::NewCard> missing;
    for (const auto& card : cards) {
      if (!present.count(card.number))
        missing.push_back({card.number, fresh_pin(random, drawn, pin_length)});
    }
    cards = std::move(missing);
  }
  return inserted;
}

int64_t create_cards(db::Transaction& tx, const db::CardBatch& batch, int pin_length,
                     const std::string& from, const std::string& till, int64_t count) {
  RandomDigits random;
  DrawnPins drawn(count);
  db::begin_card_batch(tx, batch);
  int64_t created = 0;
  std::string number = from;
  for (bool last = false; !last;) {
    std::vector<db::NewCard> chunk;
    chunk.reserve(kChunkSize);
    while (chunk.size() < kChunkSize && !last) {
      chunk.push_back({number, fresh_pin(random, drawn, pin_length)});
      last = number == till;
      if (!last) number = next_number(number);
    }
    created += insert_chunk(tx, batch, pin_length, std::move(chunk), random, drawn);
  }
  return created;
}

}  // namespace

const auth::User& calling_cards_create_checks(ApiContext& ctx) {
  require_hash(ctx, kHashRules);
  const auth::User& caller = require_manager(ctx);
  if (!caller.has_card_rights()) throw ApiError("You are not authorized to use this functionality");
  return caller;
}

std::string calling_cards_create(ApiContext& ctx, const auth::User& caller) {
  const db::CardGroupRow group = find_reachable_group(ctx, caller);
  const std::string from = range_end(ctx, "cards_from", "Cards from");
  const std::string till = range_end(ctx, "cards_till", "Cards till");
  require_number_format(from, group, "Cards from");
  require_number_format(till, group, "Cards till");
  if (from > till) throw ApiError("Cards from must not be greater than Cards till");
  const auto requested = range_size(from, till);
  if (!requested || *requested > ctx.services.config.max_cards) {
    throw ApiError("Too many cards requested");
  }
  db::CardBatch batch = batch_options(ctx, group);
  const auto distributor = parse_id(ctx.params.get("distributor_id"));

  int64_t created = 0;
  std::string answer = ctx.services.database.transact([&](db::Transaction& tx) {
    db::LongLockWaits patient(ctx.services.database, kBatchLockWaitSeconds);
    // Batches of one PIN length take turns from here to COMMIT, so that two at once cannot both
    // pass the PIN rule on the same count.
    db::take_turn_of_pin_length(tx, group.pin_length);
    // MOR's rule counts the whole range, its existing numbers too.
    const int64_t used = db::count_pins_of_length(tx, group.pin_length);
    if (!pin_space_allows(used, *requested, group.pin_length)) {
      throw ApiError("PIN is too short for this interval");
    }
    const auto price = db::find_card_group_price(tx, group.id);
    if (!price) throw ApiError("Card Group was not found");
    batch.balance = *price;
    // The group's owner's user, also when the admin creates cards in a reseller's group.
    batch.user_id =
        distributor && db::is_user_of_owner(tx, *distributor, group.owner_id) ? *distributor : -1;
    created = create_cards(tx, batch, group.pin_length, from, till, *requested);
    if (created == 0) throw ApiError("Cards already exist");
    return xml::page_success("Cards created: " + std::to_string(created) + "/" +
                             std::to_string(*requested));
  });
  metrics::count_cards_created(created);  // committed (an error above threw past this)
  return answer;
}

}  // namespace morapi::api
