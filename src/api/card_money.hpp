#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "api/context.hpp"
#include "db/callerids_repo.hpp"
#include "db/cardgroups_repo.hpp"
#include "db/cards_repo.hpp"
#include "db/money_repo.hpp"
#include "db/users_repo.hpp"

namespace morapi::api {

// cc_by_cli's money movements (SPEC §4.2), inside one request's transaction: amounts net of VAT
// and in the system currency, cards locked as they are used, and for every balance change its
// `payments` row and MOR's `actions` rows. A row that changed since it was found throws
// LookAgain (api/look_again.hpp).
class CardMoney {
 public:
  CardMoney(const ApiContext& ctx, db::Transaction& tx, const auth::User& caller, std::string cli);

  const std::string& cli() const { return cli_; }
  db::Transaction& tx() { return tx_; }
  const auth::User& caller() const { return caller_; }
  // A blank `pin` (white space only) is no PIN, as MOR's `blank?` sees it.
  bool has_pin() const;
  const Params& params() const { return ctx_.params; }

  // `amount`, where a branch uses it: a plain positive decimal (else `Invalid amount`).
  std::string amount() const;
  // The amount a client sent for a card of `group`, in the system currency, net of VAT.
  std::string net_card_amount(const db::CardGroupRow& group);
  // A card group of the caller (hidden ones are not).
  std::optional<db::CardGroupRow> own_group(const std::string& id_text);
  db::CardGroupRow group_of(const db::CardRow& card);
  // The group of the caller ID's card, which must be the caller's (a missing group is not):
  // `Card was not found` otherwise.
  db::CardGroupRow callers_group_of(const db::CardRow& card);

  // The card that has this caller ID, locked; nothing when no card has it. A card that lost the
  // caller ID while this waited for its lock (a move to another group committed) is followed
  // to the card that has it now, in the same transaction: the request stays in the queue of
  // waiters instead of starting over behind the next move.
  std::optional<db::CardRow> lock_cli_card();
  // The card `id`, locked, while it still has this caller ID. The database compares (trailing
  // spaces, the column's collation), so morapi never disagrees with the lookup that found it.
  db::CardRow lock_cli_card(int64_t id);
  // The PIN card of this request (not `except_id`), in a group of the caller.
  std::optional<int64_t> find_pin_card(int64_t except_id);
  // The PIN card, locked while it still has the PIN and a group of the caller.
  db::CardRow lock_pin_card(int64_t id);
  // `PIN number balance is zero` unless the card holds money.
  static void require_money_on(const db::CardRow& card);

  void change_user(const db::LockedUser& user, const std::string& change);
  void change_card(const db::CardRow& card, const db::CardGroupRow& group,
                   const std::string& change);
  // The card gives all its money away, is unsold and loses its caller ID.
  void release_card(const db::CardRow& card, const db::CardGroupRow& group);
  // A new sold card in `group` for this caller ID, holding `balance`.
  int64_t new_sold_card(const db::CardGroupRow& group, const std::string& balance);

  // `group` is the card's group as this request read it (read again if the card is elsewhere).
  std::string card_document(int64_t card_id, const db::CardGroupRow& group);
  std::string device_document(int64_t device_id, const db::LockedUser& user);

 private:
  int64_t record_card_change(int64_t card_id, const db::CardGroupRow& group,
                             const std::string& change);
  // MOR's actions row shows the change with the money decimals (0 counts as 2).
  std::string shown(const std::string& change) const;

  // The card group `id` when it is one of the caller's (shown, the caller's owner).
  std::optional<db::CardGroupRow> callers_group(int64_t id);

  const ApiContext& ctx_;
  db::Transaction& tx_;
  const auth::User& caller_;
  int digits_;
  db::SystemCurrency
      system_currency_;  // read once a transaction; its name is the payments' currency
  std::string cli_;
};

}  // namespace morapi::api
