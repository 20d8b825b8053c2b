// cc_by_cli (SPEC §4.2): money onto a user's balance or a calling card found by caller ID, or
// a new card for a caller ID not seen before. Every branch is one transaction that locks what it
// changes (users by id, then cards by id) and records each balance change in `payments`.
#include <algorithm>
#include <array>

#include "api/checks.hpp"
#include "api/error.hpp"
#include "api/routes.hpp"
#include "auth/digest.hpp"
#include "db/callerids_repo.hpp"
#include "db/cardgroups_repo.hpp"
#include "db/cards_repo.hpp"
#include "db/ledger_repo.hpp"
#include "db/money_repo.hpp"
#include "util/decimal.hpp"
#include "util/random_digits.hpp"
#include "util/utf8.hpp"
#include "xml/writer.hpp"

namespace morapi::api {
namespace {

const std::array<auth::HashRule, 1> kHashRules = {auth::HashRule::mor_order()};
// A fact found before locking changed (say, the caller ID moved to a new card): look again.
constexpr int kMaxAttempts = 10;
constexpr int kMaxCardDraws = 100;  // random number/PIN pairs tried for a new card

// Thrown when a row changed between finding it and locking it: the transaction starts over.
struct LookAgain {};

// The database compares caller IDs ignoring trailing spaces: so does morapi.
std::string without_trailing_spaces(std::string text) {
  text.erase(text.find_last_not_of(' ') + 1);
  return text;
}

const auth::User& login(const ApiContext& ctx) {
  const std::string* password = ctx.params.find("p");
  if (!ctx.caller || !password) throw ApiError("Bad login");
  std::string stored = ctx.caller->row.password_sha1;
  std::transform(stored.begin(), stored.end(), stored.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!auth::constant_time_equal(auth::sha1_hex(*password), stored)) throw ApiError("Bad login");
  return *ctx.caller;
}

// One request's money movements, inside its transaction.
class CardMoney {
 public:
  CardMoney(const ApiContext& ctx, db::Transaction& tx, const auth::User& caller)
      : ctx_(ctx),
        tx_(tx),
        caller_(caller),
        digits_(ctx.settings.money_digits()),
        currency_(db::system_currency(tx).name) {}

  const std::string& cli() const { return cli_; }
  void set_cli(std::string cli) { cli_ = std::move(cli); }

  // `amount`, where a branch uses it: a plain positive decimal.
  std::string amount() const {
    const std::string value = ctx_.params.get("amount");
    if (!is_positive_decimal(value)) throw ApiError("Invalid amount");
    return value;
  }

  // The amount a client sent for a card of `group`, in the system currency, net of VAT.
  std::string net_card_amount(const db::CardGroupRow& group) {
    const auto converted = db::to_system_currency(tx_, amount(), group.currency);
    if (!converted) {
      throw ApiError("Failed to make transaction", "card group " + std::to_string(group.id) +
                                                       " has unknown currency '" + group.currency +
                                                       "'");
    }
    return db::net_of_vat(tx_, *converted, group.tax_id);
  }

  // A card group of the caller (hidden ones are not).
  std::optional<db::CardGroupRow> own_group(const std::string& id_text) {
    const auto id = parse_id(id_text);
    auto group = id ? db::find_card_group(tx_, *id) : std::nullopt;
    if (!group || !is_callers_group(*group, caller_)) return std::nullopt;
    return group;
  }

  db::CardGroupRow group_of(const db::CardRow& card) {
    auto group = db::find_card_group(tx_, card.cardgroup_id);
    if (!group) throw LookAgain{};
    return *group;
  }

  db::CardRow lock_card(int64_t id) {
    auto card = db::lock_card(tx_, id);
    if (!card) throw LookAgain{};
    return *card;
  }

  // The PIN card of this request (not `except_id`), in a group of the caller, with money on it.
  std::optional<int64_t> find_pin_card(int64_t except_id) {
    return db::find_card_id_by_pin(tx_, ctx_.params.get("pin"), caller_.scope_owner(), except_id);
  }

  void require_pin_card_usable(const db::CardRow& card) {
    if (card.pin != ctx_.params.get("pin")) throw LookAgain{};
    if (db::is_zero(card.balance) || card.balance.front() == '-') {
      throw ApiError("PIN number balance is zero");
    }
  }

  void change_user(const db::LockedUser& user, const std::string& change) {
    db::add_to_user_balance(tx_, user.id, change);
    db::insert_user_payment(
        tx_, {user.id, user.owner_id, user.first_name, user.last_name, change, currency_});
  }

  void change_card(const db::CardRow& card, const db::CardGroupRow& group,
                   const std::string& change) {
    if (db::is_zero(change)) return;
    db::add_to_card_balance(tx_, card.id, change);
    record_card_change(card.id, group, change);
    db::insert_card_balance_action(tx_, caller_.id(), card.id, shown(change));
  }

  // The card gives all its money away, is unsold and loses its caller ID.
  void release_card(const db::CardRow& card, const db::CardGroupRow& group) {
    const std::string change = db::negated(card.balance);
    db::release_card(tx_, card.id, change);
    if (db::is_zero(change)) return;
    record_card_change(card.id, group, change);
    db::insert_card_balance_action(tx_, caller_.id(), card.id, shown(change));
  }

  // A new sold card in `group` for this caller ID, holding `balance`.
  int64_t new_sold_card(const db::CardGroupRow& group, const std::string& balance) {
    RandomDigits random;
    for (int draw = 0; draw < kMaxCardDraws; ++draw) {
      const db::NewCard card{random.next(static_cast<size_t>(group.number_length)),
                             random.next(static_cast<size_t>(group.pin_length))};
      const auto id = db::insert_sold_card(tx_, group.id, group.owner_id, card, balance, cli_);
      if (id) {
        const int64_t payment = record_card_change(*id, group, balance);
        db::insert_card_payment_action(tx_, caller_.id(), *id, payment, balance, currency_);
        return *id;
      }
      // Another request gave this caller ID a card meanwhile: that card is the one to use.
      if (db::find_card_id_by_callerid(tx_, cli_)) throw LookAgain{};
    }
    throw std::runtime_error("no free card number and PIN found in card group " +
                             std::to_string(group.id));
  }

  std::string card_document(int64_t card_id) {
    const db::CardRow card = lock_card(card_id);
    const db::CardGroupRow group = group_of(card);
    xml::Writer w;
    w.open("response").leaf("status", "ok").open("card");
    w.leaf("id", std::to_string(card.id)).leaf("cardgroup_id", std::to_string(card.cardgroup_id));
    w.leaf("balance", format_money(card.balance, digits_));
    w.leaf("balance_with_vat",
           format_money(db::with_vat(tx_, card.balance, group.tax_id), digits_));
    w.leaf("callerid", card.callerid.value_or(""))
        .leaf("pin", card.pin)
        .leaf("number", card.number);
    return w.finish();
  }

  std::string device_document(int64_t device_id, const db::LockedUser& user) {
    const std::string balance = db::user_balance(tx_, user.id);
    xml::Writer w;
    w.open("response").leaf("status", "ok");
    w.leaf("device_id", std::to_string(device_id)).leaf("user_id", std::to_string(user.id));
    w.leaf("new_balance", format_money(balance, digits_));
    w.leaf("new_balance_with_vat", format_money(db::with_vat(tx_, balance, user.tax_id), digits_));
    return w.finish();
  }

  db::Transaction& tx() { return tx_; }
  const auth::User& caller() const { return caller_; }
  bool has_pin() const { return !ctx_.params.get("pin").empty(); }
  const Params& params() const { return ctx_.params; }

 private:
  int64_t record_card_change(int64_t card_id, const db::CardGroupRow& group,
                             const std::string& change) {
    const std::string tax =
        db::sum(tx_, db::with_vat(tx_, change, group.tax_id), db::negated(change));
    return db::insert_card_payment(tx_, {card_id, group.owner_id, change, tax, currency_});
  }

  // MOR's actions row shows the change with the money decimals (0 counts as 2).
  std::string shown(const std::string& change) const {
    return format_money(change, digits_ == 0 ? 2 : digits_);
  }

  const ApiContext& ctx_;
  db::Transaction& tx_;
  const auth::User& caller_;
  int digits_;
  std::string currency_;
  std::string cli_;
};

// The caller ID is on a device: the device user's balance.
std::string on_device(CardMoney& money, const db::DeviceOfCli& device) {
  if (device.user_id == -1) throw ApiError("Callerid belongs to provider");
  const auto user = db::lock_user(money.tx(), device.user_id);
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
  const db::CardRow pin_card = money.lock_card(*pin_card_id);
  money.require_pin_card_usable(pin_card);
  money.change_card(pin_card, money.group_of(pin_card), db::negated(pin_card.balance));
  money.change_user(*user, pin_card.balance);
  return money.device_document(device.device_id, *user);
}

// The caller ID is on a card: that card's balance, or a new card in another group.
std::string on_card(CardMoney& money, int64_t card_id) {
  // Lock order: cards by id. Without a PIN only this card; with one, both in id order.
  std::optional<int64_t> pin_card_id;
  if (money.has_pin()) pin_card_id = money.find_pin_card(card_id);
  if (pin_card_id && *pin_card_id < card_id) money.lock_card(*pin_card_id);
  const db::CardRow card = money.lock_card(card_id);
  if (!card.callerid || without_trailing_spaces(*card.callerid) != money.cli()) throw LookAgain{};
  const db::CardGroupRow group = money.group_of(card);
  if (group.owner_id != money.caller().scope_owner()) throw ApiError("Card was not found");

  if (!money.has_pin()) {
    db::CardGroupRow target = group;
    if (const std::string* requested = money.params().find("cardgroup_id")) {
      const auto own = money.own_group(*requested);
      if (!own) throw ApiError("Supplied Cardgroup_id is invalid");
      target = *own;
    }
    const std::string net = money.net_card_amount(target);
    if (target.id == group.id) {
      money.change_card(card, group, net);
      return money.card_document(card.id);
    }
    // Moving to another group: the old card's money and the new amount go to a new card.
    money.release_card(card, group);
    const std::string balance = db::sum(money.tx(), card.balance, net);
    return money.card_document(money.new_sold_card(target, balance));
  }

  if (!pin_card_id) throw ApiError("PIN number not found");
  const db::CardRow pin_card = money.lock_card(*pin_card_id);
  money.require_pin_card_usable(pin_card);
  money.change_card(pin_card, money.group_of(pin_card), db::negated(pin_card.balance));
  money.change_card(card, group, pin_card.balance);
  return money.card_document(card.id);
}

// The caller ID is nowhere yet: a new card, or the PIN card takes it.
std::string nowhere(CardMoney& money) {
  if (!money.has_pin()) {
    const auto group = money.own_group(money.params().get("cardgroup_id"));
    if (!group) throw ApiError("Supplied Cardgroup_id is invalid");
    return money.card_document(money.new_sold_card(*group, money.net_card_amount(*group)));
  }
  const auto pin_card_id = money.find_pin_card(0);
  if (!pin_card_id) throw ApiError("PIN number not found");
  const db::CardRow pin_card = money.lock_card(*pin_card_id);
  money.require_pin_card_usable(pin_card);
  if (!db::sell_card_to_callerid(money.tx(), pin_card.id, money.cli())) throw LookAgain{};
  return money.card_document(pin_card.id);
}

std::string move_money(ApiContext& ctx, const auth::User& caller, const std::string& cli) {
  for (int attempt = 1;; ++attempt) {
    try {
      return ctx.services.database.transact([&](db::Transaction& tx) {
        CardMoney money(ctx, tx, caller);
        money.set_cli(cli);
        if (const auto device = db::find_device_by_cli(tx, cli)) return on_device(money, *device);
        if (const auto card_id = db::find_card_id_by_callerid(tx, cli)) {
          return on_card(money, *card_id);
        }
        return nowhere(money);
      });
    } catch (const LookAgain&) {
      if (attempt == kMaxAttempts) {
        throw ApiError("Failed to make transaction", "cc_by_cli: rows kept changing under " + cli);
      }
    }
  }
}

}  // namespace

std::string cc_by_cli(ApiContext& ctx) {
  const auth::User& caller = login(ctx);
  require_hash(ctx, kHashRules);
  if (caller.role == auth::Role::user || !caller.has_card_rights()) throw ApiError("Access Denied");
  const std::string cli = without_trailing_spaces(sanitize_utf8(ctx.params.get("callerid")));
  if (cli.empty()) throw ApiError("Callerid must be specified");
  return move_money(ctx, caller, cli);
}

}  // namespace morapi::api
