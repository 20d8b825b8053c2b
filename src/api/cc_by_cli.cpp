// cc_by_cli (SPEC §4.2): money onto a user's balance or a calling card found by caller ID, or
// a new card for a caller ID not seen before. Every branch is one transaction that locks what it
// changes (users by id, then cards by id) and records each balance change in `payments`; the
// money itself is in api/card_money.*.
#include <array>

#include "api/card_money.hpp"
#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/look_again.hpp"
#include "api/routes.hpp"
#include "db/money_repo.hpp"
#include "util/utf8.hpp"

namespace morapi::api {
namespace {

const std::array<auth::HashRule, 1> kHashRules = {auth::HashRule::mor_order()};

// The database ignores trailing spaces when it compares a caller ID: a new card gets none.
std::string without_trailing_spaces(std::string text) {
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

const auth::User& login(ApiContext& ctx) {
  const std::string* password = ctx.params.find("p");
  if (!ctx.caller || !password || !ctx.caller->password_is(*password)) {
    count_failed_attempt(ctx);
    throw ApiError::before_method("Bad login");
  }
  return *ctx.caller;
}

// The caller ID is on a device: the device user's balance.
std::string on_device(CardMoney& money, const db::DeviceOfCli& device) {
  if (device.user_id == -1) throw ApiError("Callerid belongs to provider");
  const auto user = db::lock_user(money.tx(), device.user_id);
  // The caller ID may have moved while this waited for the user's lock: only the user that
  // holds it now may be credited (or refused).
  if (!db::lock_cli_on_device(money.tx(), money.cli(), device)) throw LookAgain{};
  if (!user || user->owner_id != money.caller().scope_owner()) {
    throw ApiError(
        "Device allready have such callerid, but you do not have permission to change user's "
        "balance");
  }
  if (!money.has_pin()) {
    money.change_user(*user, db::net_of_vat(money.tx(), money.amount(), user->tax_id));
    return money.device_document(device.device_id, *user);
  }
  const auto pin_card_id = money.find_pin_card(0);
  if (!pin_card_id) throw ApiError("PIN number not found");
  const db::CardRow pin_card = money.lock_pin_card(*pin_card_id);
  CardMoney::require_money_on(pin_card);
  money.change_card(pin_card, money.group_of(pin_card), db::negated(pin_card.balance));
  money.change_user(*user, pin_card.balance);
  return money.device_document(device.device_id, *user);
}

// Without a PIN, the caller ID is on a card: that card's balance, or a new card in another group.
std::string top_up_card(CardMoney& money, const db::CardRow& card) {
  const db::CardGroupRow group = money.callers_group_of(card);
  db::CardGroupRow target = group;
  if (const std::string* requested = money.params().find("cardgroup_id")) {
    const auto own = money.own_group(*requested);
    if (!own) throw ApiError("Supplied Cardgroup_id is invalid");
    target = *own;
  }
  const std::string net = money.net_card_amount(target);
  if (target.id == group.id) {
    money.change_card(card, group, net);
    return money.card_document(card.id, group);
  }
  // Moving to another group: the old card's money and the new amount go to a new card.
  money.release_card(card, group);
  const std::string balance = db::sum(money.tx(), card.balance, net);
  return money.card_document(money.new_sold_card(target, balance), target);
}

// With a PIN, the caller ID is on a card: the PIN card's money moves onto it.
std::string pin_onto_card(CardMoney& money, int64_t card_id) {
  // Lock order: cards by id.
  const auto pin_card_id = money.find_pin_card(card_id);
  std::optional<db::CardRow> pin_card;
  if (pin_card_id && *pin_card_id < card_id) pin_card = money.lock_pin_card(*pin_card_id);
  const db::CardRow card = money.lock_cli_card(card_id);
  const db::CardGroupRow group = money.callers_group_of(card);
  if (!pin_card_id) throw ApiError("PIN number not found");
  if (!pin_card) pin_card = money.lock_pin_card(*pin_card_id);
  CardMoney::require_money_on(*pin_card);
  money.change_card(*pin_card, money.group_of(*pin_card), db::negated(pin_card->balance));
  money.change_card(card, group, pin_card->balance);
  return money.card_document(card.id, group);
}

// The caller ID is nowhere yet: a new card, or the PIN card takes it.
std::string nowhere(CardMoney& money) {
  if (!money.has_pin()) {
    const auto group = money.own_group(money.params().get("cardgroup_id"));
    if (!group) throw ApiError("Supplied Cardgroup_id is invalid");
    return money.card_document(money.new_sold_card(*group, money.net_card_amount(*group)), *group);
  }
  const auto pin_card_id = money.find_pin_card(0);
  if (!pin_card_id) throw ApiError("PIN number not found");
  const db::CardRow pin_card = money.lock_pin_card(*pin_card_id);
  CardMoney::require_money_on(pin_card);
  if (!db::sell_card_to_callerid(money.tx(), pin_card.id, money.cli())) throw LookAgain{};
  return money.card_document(pin_card.id, money.group_of(pin_card));
}

std::string move_money(ApiContext& ctx, const auth::User& caller, const std::string& cli) {
  return run_looking_again([&] {
    return ctx.services.database.transact([&](db::Transaction& tx) {
      CardMoney money(ctx, tx, caller, cli);
      if (const auto device = db::find_device_by_cli(tx, cli)) return on_device(money, *device);
      if (!money.has_pin()) {
        if (const auto card = money.lock_cli_card()) return top_up_card(money, *card);
      } else if (const auto card_id = db::find_card_id_by_callerid(tx, cli)) {
        return pin_onto_card(money, *card_id);
      }
      return nowhere(money);
    });
  });
}

}  // namespace

const auth::User& cc_by_cli_checks(ApiContext& ctx) {
  const auth::User& caller = login(ctx);
  require_hash(ctx, kHashRules);
  if (caller.role == auth::Role::user || !caller.has_card_rights()) {
    throw ApiError::before_method("Access Denied");
  }
  return caller;
}

std::string cc_by_cli(ApiContext& ctx, const auth::User& caller) {
  const std::string cli = without_trailing_spaces(sanitize_utf8(ctx.params.get("callerid")));
  // Blank (white space only) is no caller ID, as MOR's `blank?` sees it.
  if (is_blank(cli)) throw ApiError("Callerid must be specified");
  return move_money(ctx, caller, cli);
}

}  // namespace morapi::api
