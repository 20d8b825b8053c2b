// The SQL texts morapi ran at commit 1945411 (src/db/sql.hpp there), copied so that the naive
// baseline sends the very same statements. Generated once from that file; keep in step by hand.
#pragma once

namespace stmt {

inline constexpr const char* kSelectOne = "SELECT 1";
inline constexpr const char* kLastInsertId = "SELECT LAST_INSERT_ID()";
inline constexpr const char* kSelectProvider =
    "SELECT id, user_id, hidden FROM providers WHERE id = ?";
inline constexpr const char* kSelectDidIdByNumber =
    "SELECT id FROM dids WHERE did = ? LIMIT 1";
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
inline constexpr const char* kSum =
    "SELECT CAST(? AS DECIMAL(65,15)) + CAST(? AS DECIMAL(65,15))";
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
