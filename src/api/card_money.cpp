#include "api/card_money.hpp"

#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/look_again.hpp"
#include "db/ledger_repo.hpp"
#include "db/money_repo.hpp"
#include "util/decimal.hpp"
#include "util/random_digits.hpp"
#include "util/utf8.hpp"
#include "xml/documents.hpp"

namespace morapi::api {
namespace {

constexpr int kMaxCardDraws = 100;  // random number/PIN pairs tried for a new card
// Cards followed while the caller ID moves: each is a move that committed while this waited.
constexpr int kMaxCardHops = 20;

}  // namespace

CardMoney::CardMoney(const ApiContext& ctx, db::Transaction& tx, const auth::User& caller,
                     std::string cli)
    : ctx_(ctx),
      tx_(tx),
      caller_(caller),
      digits_(ctx.settings.money_digits()),
      system_currency_(db::system_currency(tx)),
      cli_(std::move(cli)) {}

std::string CardMoney::amount() const {
  const std::string value = ctx_.params.get("amount");
  if (!is_positive_decimal(value)) throw ApiError("Invalid amount");
  return value;
}

std::string CardMoney::net_card_amount(const db::CardGroupRow& group) {
  const auto converted = db::to_system_currency(tx_, amount(), group.currency, system_currency_);
  if (!converted) {
    throw ApiError("Failed to make transaction", "card group " + std::to_string(group.id) +
                                                     " has unknown currency '" + group.currency +
                                                     "'");
  }
  return db::net_of_vat(tx_, *converted, group.tax_id);
}

std::optional<db::CardGroupRow> CardMoney::callers_group(int64_t id) {
  auto group = db::find_card_group(tx_, id);
  if (!group || !is_callers_group(*group, caller_)) return std::nullopt;
  return group;
}

std::optional<db::CardGroupRow> CardMoney::own_group(const std::string& id_text) {
  const auto id = parse_id(id_text);
  return id ? callers_group(*id) : std::nullopt;
}

bool CardMoney::has_pin() const {
  return !is_blank(ctx_.params.get("pin"));
}

db::CardGroupRow CardMoney::callers_group_of(const db::CardRow& card) {
  const auto group = callers_group(card.cardgroup_id);
  if (!group) throw ApiError("Card was not found");
  return *group;
}

db::CardGroupRow CardMoney::group_of(const db::CardRow& card) {
  auto group = db::find_card_group(tx_, card.cardgroup_id);
  if (!group) throw LookAgain{};
  return *group;
}

std::optional<db::CardRow> CardMoney::lock_cli_card() {
  // READ COMMITTED: each lookup sees the move that just committed. Nothing else is locked yet,
  // and the lock of a card that no longer matches is released at once.
  for (int hop = 0; hop < kMaxCardHops; ++hop) {
    const auto id = db::find_card_id_by_callerid(tx_, cli_);
    if (!id) return std::nullopt;
    if (auto card = db::lock_card_with_callerid(tx_, *id, cli_)) return card;
  }
  throw LookAgain{};
}

db::CardRow CardMoney::lock_cli_card(int64_t id) {
  auto card = db::lock_card_with_callerid(tx_, id, cli_);
  if (!card) throw LookAgain{};
  return *card;
}

std::optional<int64_t> CardMoney::find_pin_card(int64_t except_id) {
  return db::find_card_id_by_pin(tx_, ctx_.params.get("pin"), caller_.scope_owner(), except_id);
}

db::CardRow CardMoney::lock_pin_card(int64_t id) {
  auto card = db::lock_card_with_pin(tx_, id, ctx_.params.get("pin"));
  if (!card || !callers_group(card->cardgroup_id)) throw LookAgain{};
  return *card;
}

void CardMoney::require_money_on(const db::CardRow& card) {
  if (db::is_zero(card.balance) || card.balance.front() == '-') {
    throw ApiError("PIN number balance is zero");
  }
}

void CardMoney::change_user(const db::LockedUser& user, const std::string& change) {
  db::add_to_user_balance(tx_, user.id, change);
  db::insert_user_payment(tx_, {user.id, user.owner_id, user.first_name, user.last_name, change,
                                system_currency_.name});
}

void CardMoney::change_card(const db::CardRow& card, const db::CardGroupRow& group,
                            const std::string& change) {
  if (db::is_zero(change)) return;
  db::add_to_card_balance(tx_, card.id, change);
  record_card_change(card.id, group, change);
  db::insert_card_balance_action(tx_, caller_.id(), card.id, shown(change));
}

void CardMoney::release_card(const db::CardRow& card, const db::CardGroupRow& group) {
  const std::string change = db::negated(card.balance);
  db::release_card(tx_, card.id, change);
  if (db::is_zero(change)) return;
  record_card_change(card.id, group, change);
  db::insert_card_balance_action(tx_, caller_.id(), card.id, shown(change));
}

int64_t CardMoney::new_sold_card(const db::CardGroupRow& group, const std::string& balance) {
  RandomDigits random;
  for (int draw = 0; draw < kMaxCardDraws; ++draw) {
    const db::NewCard card{random.next(static_cast<size_t>(group.number_length)),
                           random.next(static_cast<size_t>(group.pin_length))};
    const auto id = db::insert_sold_card(tx_, group.id, group.owner_id, card, balance, cli_);
    if (id) {
      const int64_t payment = record_card_change(*id, group, balance);
      db::insert_card_payment_action(tx_, caller_.id(), *id, payment, balance,
                                     system_currency_.name);
      return *id;
    }
    // Another request gave this caller ID a card meanwhile: that card is the one to use.
    if (db::find_card_id_by_callerid(tx_, cli_)) throw LookAgain{};
  }
  throw std::runtime_error("no free card number and PIN found in card group " +
                           std::to_string(group.id));
}

std::string CardMoney::card_document(int64_t card_id, const db::CardGroupRow& group) {
  const auto card = db::lock_card(tx_, card_id);
  if (!card) throw LookAgain{};
  // The group this transaction already read, unless the card is in another one by now.
  const int64_t tax_id = card->cardgroup_id == group.id ? group.tax_id : group_of(*card).tax_id;
  const std::string with_vat = db::with_vat(tx_, card->balance, tax_id);
  return xml::card_answer({std::to_string(card->id), std::to_string(card->cardgroup_id),
                           format_money(card->balance, digits_), format_money(with_vat, digits_),
                           card->callerid.value_or(""), card->pin, card->number});
}

std::string CardMoney::device_document(int64_t device_id, const db::LockedUser& user) {
  const std::string balance = db::user_balance(tx_, user.id);
  return xml::device_answer({std::to_string(device_id), std::to_string(user.id),
                             format_money(balance, digits_),
                             format_money(db::with_vat(tx_, balance, user.tax_id), digits_)});
}

int64_t CardMoney::record_card_change(int64_t card_id, const db::CardGroupRow& group,
                                      const std::string& change) {
  const std::string tax = db::vat_of(tx_, change, group.tax_id);
  return db::insert_card_payment(tx_,
                                 {card_id, group.owner_id, change, tax, system_currency_.name});
}

std::string CardMoney::shown(const std::string& change) const {
  return format_money(change, digits_ == 0 ? 2 : digits_);
}

}  // namespace morapi::api
