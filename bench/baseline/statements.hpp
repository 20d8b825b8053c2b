// The SQL texts morapi ran at commit 1945411 (src/db/sql.hpp there), copied so that the naive
// baseline sends the very same statements. Generated once from that file; keep in step by hand.
#pragma once

// What morapi 1945411 ran per path (MariaDB general log, one worker, caches warm), in order:
//
// _health (1): SELECT 1
// did_create, "DID already exists" (2):
//   SELECT id, user_id, hidden FROM providers WHERE id = ?
//   SELECT id FROM dids WHERE did = ? LIMIT 1
// did_create, a fresh DID (12): the two above, then
//   SET autocommit = 0
//   INSERT INTO morapi_requests (...) VALUES (?, ?, ?, ?, '', UTC_TIMESTAMP(), ... ? SECOND)
//   INSERT INTO dids (...) VALUES (?, 'free', ?, ?, ?, ?, ?)
//   SELECT LAST_INSERT_ID()
//   INSERT INTO didrates (...) x3 (provider, incoming, owner)
//   UPDATE morapi_requests SET request_key = ?, nginx_request_id = ?, answer = ? WHERE id = ?
//   COMMIT
//   SET autocommit = 1
// cc_by_cli top-up of a card (21): SET autocommit = 0; INSERT INTO morapi_requests; SELECT
//   currencies; SELECT callerids JOIN devices (cli); SELECT cards by callerid; SELECT card FOR
//   UPDATE (id, callerid); SELECT cardgroups; SELECT currencies; net of VAT; UPDATE cards balance;
//   with VAT of the change; sum (the payment's tax); INSERT payments; SELECT LAST_INSERT_ID();
//   INSERT actions; SELECT card FOR UPDATE (id); SELECT cardgroups; with VAT of the balance;
//   UPDATE morapi_requests; COMMIT; SET autocommit = 1
// cc_by_cli PIN move onto the caller ID's card (29): SET autocommit = 0; INSERT morapi_requests;
//   SELECT currencies; SELECT callerids JOIN devices; SELECT cards by callerid; SELECT card by PIN
//   (JOIN cardgroups); SELECT card FOR UPDATE (id, callerid); SELECT cardgroups; SELECT card FOR
//   UPDATE (id, pin); SELECT cardgroups x2; then for the PIN card and for the target card each:
//   UPDATE cards balance, with VAT, sum, INSERT payments, SELECT LAST_INSERT_ID(), INSERT actions;
//   SELECT card FOR UPDATE (id); SELECT cardgroups; with VAT; UPDATE morapi_requests; COMMIT;
//   SET autocommit = 1
// Wrong hash and unknown method use the fixed mode: morapi writes no row for them under load
// (its `Incorrect hash` actions row is at most one a second per client address and worker).

namespace stmt {

inline constexpr const char* kSelectOne = "SELECT 1";
inline constexpr const char* kLastInsertId = "SELECT LAST_INSERT_ID()";
inline constexpr const char* kSelectProvider =
    "SELECT id, user_id, hidden FROM providers WHERE id = ?";
inline constexpr const char* kSelectDidIdByNumber = "SELECT id FROM dids WHERE did = ? LIMIT 1";
inline constexpr const char* kInsertDid =
    "INSERT INTO dids (did, status, provider_id, reseller_id, comment, reseller_comment, "
    "custom_sip_header) VALUES (?, 'free', ?, ?, ?, ?, ?)";
inline constexpr const char* kInsertDidRate =
    "INSERT INTO didrates (did_id, rate_type, rate, connection_fee, increment_s, min_time, "
    "start_time, end_time, daytype) VALUES (?, ?, 0, 0, 1, 0, '00:00:00', '23:59:59', '')";
inline constexpr const char* kSelectCardGroup =
    "SELECT id, owner_id, number_length, pin_length, hidden, tax_id, tell_balance_in_currency "
    "FROM cardgroups WHERE id = ?";
inline constexpr const char* kSelectDeviceByCli =
    "SELECT d.id, d.user_id FROM callerids c JOIN devices d ON d.id = c.device_id "
    "WHERE c.cli = ? ORDER BY c.id LIMIT 1";
inline constexpr const char* kSelectCardIdByCallerid =
    "SELECT id FROM cards WHERE callerid = ? ORDER BY id LIMIT 1";
inline constexpr const char* kSelectCardIdByPin =
    "SELECT c.id FROM cards c JOIN cardgroups g ON g.id = c.cardgroup_id "
    "WHERE c.pin = ? AND g.owner_id = ? AND g.hidden = 0 AND c.id <> ? ORDER BY c.id LIMIT 1";
inline constexpr const char* kLockCard =
    "SELECT id, cardgroup_id, balance, callerid, pin, number, sold FROM cards WHERE id = ? "
    "FOR UPDATE";
inline constexpr const char* kLockCardWithCallerid =
    "SELECT id, cardgroup_id, balance, callerid, pin, number, sold FROM cards WHERE id = ? "
    "AND callerid = ? FOR UPDATE";
inline constexpr const char* kLockCardWithPin =
    "SELECT id, cardgroup_id, balance, callerid, pin, number, sold FROM cards WHERE id = ? "
    "AND pin = ? FOR UPDATE";
inline constexpr const char* kAddToCardBalance =
    "UPDATE cards SET balance = balance + CAST(? AS DECIMAL(65,15)) WHERE id = ?";
inline constexpr const char* kSelectSystemCurrency =
    "SELECT name, exchange_rate FROM currencies WHERE id = 1";
inline constexpr const char* kAmountWithoutAndWithVat =
    "SELECT ROUND(x.a / f.factor, 15), ROUND(x.a * f.factor, 15) "
    "FROM (SELECT CAST(? AS DECIMAL(65,20)) AS a) x JOIN (SELECT COALESCE(MAX(CASE "
    "WHEN t.compound_tax = 1 THEN (1 + CAST(t.tax1_value AS DECIMAL(30,15)) / 100) "
    "* (1 + IF(t.tax2_enabled = 1, CAST(t.tax2_value AS DECIMAL(30,15)), 0) / 100) "
    "* (1 + IF(t.tax3_enabled = 1, CAST(t.tax3_value AS DECIMAL(30,15)), 0) / 100) "
    "* (1 + IF(t.tax4_enabled = 1, CAST(t.tax4_value AS DECIMAL(30,15)), 0) / 100) "
    "ELSE 1 + (CAST(t.tax1_value AS DECIMAL(30,15)) + IF(t.tax2_enabled = 1, CAST(t.tax2_value AS "
    "DECIMAL(30,15)), 0) "
    "+ IF(t.tax3_enabled = 1, CAST(t.tax3_value AS DECIMAL(30,15)), 0) + IF(t.tax4_enabled = 1, "
    "CAST(t.tax4_value AS DECIMAL(30,15)), 0)) / 100 "
    "END), 1) AS factor FROM taxes t WHERE t.id = ?) f";
inline constexpr const char* kSum = "SELECT CAST(? AS DECIMAL(65,15)) + CAST(? AS DECIMAL(65,15))";
inline constexpr const char* kInsertPayment =
    "INSERT INTO payments (paymenttype, amount, currency, date_added, shipped_at, completed, tax, "
    "user_id, owner_id, card, first_name, last_name, description) "
    "VALUES (?, ?, ?, NOW(), NOW(), 1, ?, ?, ?, ?, ?, ?, '')";
inline constexpr const char* kInsertCardBalanceAction =
    "INSERT INTO actions (user_id, date, action, data, target_type, target_id) "
    "VALUES (?, NOW(), 'Added to cards balance', ?, 'card', ?)";
inline constexpr const char* kInsertLedger =
    "INSERT INTO morapi_requests (id, user_id, method, fingerprint, answer, created_at, "
    "expires_at) VALUES (?, ?, ?, ?, '', UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)";
inline constexpr const char* kSetLedgerAnswer =
    "UPDATE morapi_requests SET request_key = ?, nginx_request_id = ?, answer = ? WHERE id = ?";

}  // namespace stmt
