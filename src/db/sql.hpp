#pragma once
#include <string_view>

// Every SQL text morapi runs, in one place. Table and column names are MOR's.
namespace morapi::db::sql_text {

inline constexpr std::string_view kSetLockWait = "SET SESSION innodb_lock_wait_timeout = ?";

inline constexpr std::string_view kSelectSettings =
    "SELECT name, value, owner_id FROM conflines WHERE name IN ('Allow_API', 'Allow_GET_API', "
    "'API_Secret_Key', 'API_Disable_hash_checking', 'XML_API_Extension', 'Nice_Number_Digits', "
    "'Resellers_can_add_their_own_DIDs', 'DID_default_provider_to_resellers', "
    "'morapi_Strong_Signatures', 'morapi_API_Allowed_IPs') "
    "ORDER BY id";

inline constexpr std::string_view kSelectUserByUsername =
    "SELECT id, username, password, usertype, owner_id, acc_group_id, tax_id "
    "FROM users WHERE username = ? AND blocked = 0 ORDER BY id LIMIT 1";

// The width of users.username: a longer `u` names nobody and is not looked up.
inline constexpr std::string_view kSelectUsernameWidth =
    "SELECT CHARACTER_MAXIMUM_LENGTH FROM information_schema.COLUMNS "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'username'";

inline constexpr std::string_view kSelectRightsOfGroup =
    "SELECT r.name, g.value FROM acc_group_rights g JOIN acc_rights r ON r.id = g.acc_right_id "
    "WHERE g.acc_group_id = ?";

inline constexpr std::string_view kInsertErrorAction =
    "INSERT INTO actions (user_id, date, action, data, data2, data3, target_type) "
    "VALUES (-1, NOW(), 'error', ?, ?, ?, '')";

inline constexpr std::string_view kSelectProvider =
    "SELECT id, user_id, hidden FROM providers WHERE id = ?";

inline constexpr std::string_view kCountTariffOfOwner =
    "SELECT COUNT(*) FROM tariffs WHERE id = ? AND owner_id = ?";

inline constexpr std::string_view kSelectDidIdByNumber =
    "SELECT id FROM dids WHERE did = ? LIMIT 1";

// Whether the DID exists, and the answer an earlier copy of this request committed (the
// ledger's kSelectLedgerByNginxId): one round trip for both.
inline constexpr std::string_view kSelectDidAndEarlierAnswer =
    "SELECT EXISTS (SELECT 1 FROM dids WHERE did = ?), (SELECT answer FROM morapi_requests "
    "WHERE user_id = ? AND nginx_request_id = ? AND fingerprint = ? AND expires_at > "
    "UTC_TIMESTAMP())";

inline constexpr std::string_view kSelectDidForUpdate =
    "SELECT id, reseller_id FROM dids WHERE id = ? FOR UPDATE";

inline constexpr std::string_view kInsertDid =
    "INSERT INTO dids (did, status, provider_id, reseller_id, comment, reseller_comment, "
    "custom_sip_header) VALUES (?, 'free', ?, ?, ?, ?, ?)";

// A new DID's three rates (provider, incoming, owner) in one statement.
inline constexpr std::string_view kInsertDidRates =
    "INSERT INTO didrates (did_id, rate_type, rate, connection_fee, increment_s, min_time, "
    "start_time, end_time, daytype) VALUES "
    "(?, 'provider', 0, 0, 1, 0, '00:00:00', '23:59:59', ''), "
    "(?, 'incoming', 0, 0, 1, 0, '00:00:00', '23:59:59', ''), "
    "(?, 'owner', 0, 0, 1, 0, '00:00:00', '23:59:59', '')";

inline constexpr std::string_view kCountDidRates = "SELECT COUNT(*) FROM didrates WHERE did_id = ?";

// Each column keeps its value when its parameter is NULL (not sent).
inline constexpr std::string_view kUpdateDidRatesDetails =
    "UPDATE dids SET provider_tariff_id = COALESCE(?, provider_tariff_id), "
    "allow_call_reject_provider = COALESCE(?, allow_call_reject_provider), "
    "owner_tariff_id = COALESCE(?, owner_tariff_id), "
    "allow_call_reject = COALESCE(?, allow_call_reject) WHERE id = ?";

inline constexpr std::string_view kSelectCardGroup =
    "SELECT id, owner_id, number_length, pin_length, hidden, tax_id, tell_balance_in_currency "
    "FROM cardgroups WHERE id = ?";

// Card numbers of one width compare as text in numeric order; other widths are left out.
// `cardgroup_id + 0`: during a big batch the index statistics are stale and the optimizer
// would scan the whole group by cardgroup_id (a million rows for every chunk); without an index
// on that column it range-scans the number index (MOR's own), which is what is wanted.
inline constexpr std::string_view kSelectCardsInNumberRange =
    "SELECT number, pin FROM cards WHERE number BETWEEN ? AND ? AND cardgroup_id + 0 = ? "
    "AND CHAR_LENGTH(number) = ?";

// Batches whose PINs share a length take turns: each counts the PINs in use and adds its own
// before the next one counts. They all lock one row, the first card group of that length, by
// its primary key: `WHERE pin_length = ? FOR UPDATE` has no index to use and would wait on
// every card group any other batch holds.
inline constexpr std::string_view kSelectFirstCardGroupOfPinLength =
    "SELECT MIN(id) FROM cardgroups WHERE pin_length = ?";
inline constexpr std::string_view kLockCardGroupOfPinLength =
    "SELECT id FROM cardgroups WHERE id = ? AND pin_length = ? FOR UPDATE";

// A new card's balance: the group's price, its face value (MOR sets it so).
inline constexpr std::string_view kSelectCardGroupPrice =
    "SELECT price FROM cardgroups WHERE id = ?";

// The range condition lets the pin index do the work; the length keeps other widths out.
inline constexpr std::string_view kCountPinsOfLength =
    "SELECT COUNT(*) FROM cards WHERE pin BETWEEN ? AND ? AND CHAR_LENGTH(pin) = ?";

inline constexpr std::string_view kCountUsersOfOwner =
    "SELECT COUNT(*) FROM users WHERE id = ? AND owner_id = ? AND usertype = 'user'";

// What every card of a batch shares goes into session variables once, so each row binds only
// its number and PIN (a quarter of the parameters: measurably faster for big batches).
inline constexpr std::string_view kSetCardBatch =
    "SET @morapi_cardgroup_id = ?, @morapi_owner_id = ?, @morapi_batch_number = ?, "
    "@morapi_min_balance = ?, @morapi_language = ?, @morapi_user_id = ?, @morapi_balance = ?";

// Followed by kInsertCardsRow once per card. IGNORE: a number that already exists, or a PIN
// taken meanwhile, skips that row instead of failing the batch; the caller finds out which rows
// went in.
inline constexpr std::string_view kInsertCardsPrefix =
    "INSERT IGNORE INTO cards (cardgroup_id, number, pin, owner_id, batch_number, min_balance, "
    "language, user_id, balance, sold) VALUES ";
inline constexpr std::string_view kInsertCardsRow =
    "(@morapi_cardgroup_id, ?, ?, @morapi_owner_id, @morapi_batch_number, @morapi_min_balance, "
    "@morapi_language, @morapi_user_id, @morapi_balance, 0)";

// --- cc_by_cli -------------------------------------------------------------------------------

inline constexpr std::string_view kSelectDeviceByCli =
    "SELECT d.id, d.user_id FROM callerids c JOIN devices d ON d.id = c.device_id "
    "WHERE c.cli = ? ORDER BY c.id LIMIT 1";

inline constexpr std::string_view kSelectCardIdByCallerid =
    "SELECT id FROM cards WHERE callerid = ? ORDER BY id LIMIT 1";

// A card by PIN in a shown card group of `owner`, other than the given card.
inline constexpr std::string_view kSelectCardIdByPin =
    "SELECT c.id FROM cards c JOIN cardgroups g ON g.id = c.cardgroup_id "
    "WHERE c.pin = ? AND g.owner_id = ? AND g.hidden = 0 AND c.id <> ? ORDER BY c.id LIMIT 1";

// The caller ID is still on this device of this user (the database compares, under its
// collation); the shared lock keeps it there until COMMIT.
inline constexpr std::string_view kLockCliOnDeviceOfUser =
    "SELECT c.id FROM callerids c JOIN devices d ON d.id = c.device_id "
    "WHERE c.cli = ? AND c.device_id = ? AND d.user_id = ? LOCK IN SHARE MODE";

inline constexpr std::string_view kLockUser =
    "SELECT id, balance, owner_id, tax_id, first_name, last_name FROM users WHERE id = ? "
    "FOR UPDATE";

inline constexpr std::string_view kLockCard =
    "SELECT id, cardgroup_id, balance, callerid, pin, number, sold FROM cards WHERE id = ? "
    "FOR UPDATE";

// The card, locked, only while it still has this caller ID (or PIN), compared as the database
// compares them (trailing spaces, the column's collation): no row means it changed meanwhile.
inline constexpr std::string_view kLockCardWithCallerid =
    "SELECT id, cardgroup_id, balance, callerid, pin, number, sold FROM cards WHERE id = ? "
    "AND callerid = ? FOR UPDATE";

inline constexpr std::string_view kLockCardWithPin =
    "SELECT id, cardgroup_id, balance, callerid, pin, number, sold FROM cards WHERE id = ? "
    "AND pin = ? FOR UPDATE";

inline constexpr std::string_view kSelectUserBalance = "SELECT balance FROM users WHERE id = ?";

// The CAST keeps the sum DECIMAL: DECIMAL + a string parameter would be computed as a double.
inline constexpr std::string_view kAddToUserBalance =
    "UPDATE users SET balance = balance + CAST(? AS DECIMAL(65,15)) WHERE id = ?";

inline constexpr std::string_view kAddToCardBalance =
    "UPDATE cards SET balance = balance + CAST(? AS DECIMAL(65,15)) WHERE id = ?";

// The card gives its balance away (balance + -balance), is unsold and loses its caller ID.
inline constexpr std::string_view kReleaseCard =
    "UPDATE cards SET balance = balance + CAST(? AS DECIMAL(65,15)), sold = 0, callerid = NULL "
    "WHERE id = ?";

inline constexpr std::string_view kSellCardToCallerid =
    "UPDATE cards SET callerid = ?, sold = 1 WHERE id = ?";

inline constexpr std::string_view kInsertSoldCard =
    "INSERT INTO cards (cardgroup_id, number, pin, owner_id, balance, sold, callerid) "
    "VALUES (?, ?, ?, ?, ?, 1, ?)";

inline constexpr std::string_view kSelectSystemCurrency =
    "SELECT name, exchange_rate FROM currencies WHERE id = 1";

inline constexpr std::string_view kSelectExchangeRate =
    "SELECT exchange_rate FROM currencies WHERE name = ? ORDER BY id LIMIT 1";

// amount * system rate / currency rate, to 15 decimals (the precision of balances).
inline constexpr std::string_view kConvertToSystem =
    "SELECT ROUND(CAST(? AS DECIMAL(65,20)) * CAST(? AS DECIMAL(65,20)) / "
    "CAST(? AS DECIMAL(65,20)), 15)";

// An amount without and with VAT, to 15 decimals. The factor is MOR's: tax1 always counts;
// compound taxes multiply in turn, the others add up. No row for the tax id: no tax. The CASTs
// keep the arithmetic DECIMAL where a MOR database stores the tax values as DOUBLE.
// The tax factor of tax id `?` as `f.factor` beside the amount `?` as `x.a` (a macro: a string
// literal that two statements share). The factor is MOR's: tax1 always counts; compound taxes
// multiply in turn, the others add up. No row for the tax id: no tax. The CASTs keep the
// arithmetic DECIMAL where a MOR database stores the tax values as DOUBLE.
#define MORAPI_AMOUNT_AND_TAX_FACTOR                                                              \
  "FROM (SELECT CAST(? AS DECIMAL(65,20)) AS a) x JOIN (SELECT COALESCE(MAX(CASE "                \
  "WHEN t.compound_tax = 1 THEN (1 + CAST(t.tax1_value AS DECIMAL(30,15)) / 100) "                \
  "* (1 + IF(t.tax2_enabled = 1, CAST(t.tax2_value AS DECIMAL(30,15)), 0) / 100) "                \
  "* (1 + IF(t.tax3_enabled = 1, CAST(t.tax3_value AS DECIMAL(30,15)), 0) / 100) "                \
  "* (1 + IF(t.tax4_enabled = 1, CAST(t.tax4_value AS DECIMAL(30,15)), 0) / 100) "                \
  "ELSE 1 + (CAST(t.tax1_value AS DECIMAL(30,15)) + IF(t.tax2_enabled = 1, CAST(t.tax2_value AS " \
  "DECIMAL(30,15)), 0) "                                                                          \
  "+ IF(t.tax3_enabled = 1, CAST(t.tax3_value AS DECIMAL(30,15)), 0) + IF(t.tax4_enabled = 1, "   \
  "CAST(t.tax4_value AS DECIMAL(30,15)), 0)) / 100 "                                              \
  "END), 1) AS factor FROM taxes t WHERE t.id = ?) f"

// An amount without and with VAT, to 15 decimals.
inline constexpr std::string_view kAmountWithoutAndWithVat =
    "SELECT ROUND(x.a / f.factor, 15), ROUND(x.a * f.factor, 15) " MORAPI_AMOUNT_AND_TAX_FACTOR;

// The VAT in an amount: its value with VAT (as kAmountWithoutAndWithVat) plus the negated amount
// (the first parameter), added as kSum adds: one round trip instead of two.
inline constexpr std::string_view kVatOf =
    "SELECT CAST(ROUND(x.a * f.factor, 15) AS DECIMAL(65,15)) + CAST(? AS "
    "DECIMAL(65,15)) " MORAPI_AMOUNT_AND_TAX_FACTOR;

inline constexpr std::string_view kSum =
    "SELECT CAST(? AS DECIMAL(65,15)) + CAST(? AS DECIMAL(65,15))";

inline constexpr std::string_view kInsertPayment =
    "INSERT INTO payments (paymenttype, amount, currency, date_added, shipped_at, completed, tax, "
    "user_id, owner_id, card, first_name, last_name, description) "
    "VALUES (?, ?, ?, NOW(), NOW(), 1, ?, ?, ?, ?, ?, ?, '')";

inline constexpr std::string_view kInsertCardBalanceAction =
    "INSERT INTO actions (user_id, date, action, data, target_type, target_id) "
    "VALUES (?, NOW(), 'Added to cards balance', ?, 'card', ?)";

inline constexpr std::string_view kInsertCardPaymentAction =
    "INSERT INTO actions (user_id, date, action, data, data2, data3, target_type, target_id) "
    "VALUES (?, NOW(), 'card_payment_created', ?, ?, ?, 'Payment', ?)";

// --- cli_add ---------------------------------------------------------------------------------

// A device with its user's owner and, when that owner is a reseller, the reseller's owner.
inline constexpr std::string_view kSelectDeviceOwners =
    "SELECT d.id, u.id, u.owner_id, o.usertype, o.owner_id FROM devices d "
    "JOIN users u ON u.id = d.user_id LEFT JOIN users o ON o.id = u.owner_id WHERE d.id = ?";

inline constexpr std::string_view kCountIvrOfUser =
    "SELECT COUNT(*) FROM ivrs WHERE id = ? AND user_id = ?";

// Who holds a CLI: the username of the user of the device it is on ('' when none).
inline constexpr std::string_view kSelectCliHolder =
    "SELECT COALESCE(u.username, '') FROM callerids c LEFT JOIN devices d ON d.id = c.device_id "
    "LEFT JOIN users u ON u.id = d.user_id WHERE c.cli = ? ORDER BY c.id LIMIT 1";

inline constexpr std::string_view kInsertCallerid =
    "INSERT INTO callerids (cli, device_id, description, comment, banned, ivr_id, added_at, "
    "created_at, updated_at, email_callback) VALUES (?, ?, ?, ?, ?, ?, NOW(), NOW(), NOW(), 0)";

// --- start-up check --------------------------------------------------------------------------

inline constexpr std::string_view kSelectUniqueKeys =
    "SELECT TABLE_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX) "
    "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND NON_UNIQUE = 0 "
    "AND TABLE_NAME IN ('cards', 'callerids', 'dids', 'morapi_requests', 'morapi_nonces') "
    "GROUP BY TABLE_NAME, "
    "INDEX_NAME";

inline constexpr std::string_view kSelectAddedColumns =
    "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
    "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('cards', 'dids')";

// The request ledger (outcome/, SPEC 5). Expiry is counted by the database's clock, as every
// timestamp is, so that all hosts agree on it; in UTC, so that no DST change or node time zone
// moves it. kInsertLedgerRow is the first statement of a changing transaction: the row without
// its keys (NULL: no unique key waits for them yet) and answer, which kSetLedgerAnswer, the last
// statement before COMMIT, sets.
inline constexpr std::string_view kInsertLedgerRow =
    "INSERT INTO morapi_requests (id, user_id, method, fingerprint, answer, created_at, "
    "expires_at) VALUES (?, ?, ?, ?, '', UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? SECOND)";
inline constexpr std::string_view kSetLedgerAnswer =
    "UPDATE morapi_requests SET request_key = ?, nginx_request_id = ?, answer = ? WHERE id = ?";
// Locking read: waits for a transaction that inserted the row and has not ended yet (a COMMIT
// whose answer was lost may still be running on the server).
inline constexpr std::string_view kSelectLedgerAnswerLocked =
    "SELECT answer FROM morapi_requests WHERE id = ? LOCK IN SHARE MODE";
inline constexpr std::string_view kSelectLedgerByKey =
    "SELECT fingerprint, answer FROM morapi_requests "
    "WHERE user_id = ? AND request_key = ? AND expires_at > UTC_TIMESTAMP()";
inline constexpr std::string_view kSelectLedgerByNginxId =
    "SELECT fingerprint, answer FROM morapi_requests "
    "WHERE user_id = ? AND nginx_request_id = ? AND fingerprint = ? AND expires_at > "
    "UTC_TIMESTAMP()";
// The same, waiting for a request with the key whose COMMIT may still be running.
inline constexpr std::string_view kSelectLedgerByKeyLocked =
    "SELECT fingerprint, answer FROM morapi_requests "
    "WHERE user_id = ? AND request_key = ? AND expires_at > UTC_TIMESTAMP() LOCK IN SHARE MODE";
inline constexpr std::string_view kSelectLedgerByNginxIdLocked =
    "SELECT fingerprint, answer FROM morapi_requests WHERE user_id = ? AND nginx_request_id = ? "
    "AND fingerprint = ? AND expires_at > UTC_TIMESTAMP() LOCK IN SHARE MODE";
inline constexpr std::string_view kDeleteExpiredLedgerKey =
    "DELETE FROM morapi_requests WHERE expires_at <= UTC_TIMESTAMP() AND "
    "((user_id = ? AND request_key = ?) OR nginx_request_id = ?)";
inline constexpr std::string_view kPurgeLedger =
    "DELETE FROM morapi_requests WHERE expires_at <= UTC_TIMESTAMP() LIMIT ?";

// Strong signatures' nonces (db/nonces_repo.hpp). The database server's clock decides what is
// fresh, so that every host agrees; the primary key decides what was seen, so that it holds
// across hosts and Galera nodes.
inline constexpr std::string_view kClaimNonce =
    "INSERT IGNORE INTO morapi_nonces (owner_id, nonce, usable_until, claim) "
    "SELECT ?, ?, ? + ?, ? FROM DUAL WHERE ABS(CAST(UNIX_TIMESTAMP() AS SIGNED) - ?) <= ?";
inline constexpr std::string_view kSelectNonceState =
    "SELECT ABS(CAST(UNIX_TIMESTAMP() AS SIGNED) - ?) <= ?, n.claim, n.usable_until < "
    "UNIX_TIMESTAMP() FROM (SELECT 1) AS one LEFT JOIN morapi_nonces AS n "
    "ON n.owner_id = ? AND n.nonce = ?";
inline constexpr std::string_view kDeleteStaleNonce =
    "DELETE FROM morapi_nonces WHERE owner_id = ? AND nonce = ? AND usable_until < "
    "UNIX_TIMESTAMP()";
inline constexpr std::string_view kPurgeNonces =
    "DELETE FROM morapi_nonces WHERE usable_until < UNIX_TIMESTAMP() LIMIT ?";

}  // namespace morapi::db::sql_text
