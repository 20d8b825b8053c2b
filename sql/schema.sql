-- morapi schema: the subset of MOR's tables that morapi reads and writes, for a new database.
--
-- Load into an already-selected, empty database:  mariadb DB < sql/schema.sql
-- Table and column names and defaults are MOR's (MOR_REFERENCE.md section 4), so morapi can equally
-- serve an existing MOR database once sql/upgrade.sql has added morapi's additions (the block at
-- the end of this file). Plain CREATE TABLE, no DROP and no IF NOT EXISTS: loading this into a
-- database that already has MOR tables fails at once instead of touching them.
--
-- Conventions:
-- - InnoDB, utf8mb4, a primary key on every table (Galera needs one).
-- - Money and rates are DECIMAL(30,15), never DOUBLE (old MOR used DOUBLE; SPEC section 4.2).
-- - Ids are signed: -1 is meaningful (devices.user_id of a provider's device, cards.user_id of a
--   card without a distributor, actions.user_id of an API error).
-- - Every NOT NULL column has a default, except callerids.created_at/updated_at (NOT NULL without a
--   default in MOR), so an INSERT naming only some columns works in strict mode.
-- - No zero dates ('0000-00-00'): MySQL 8 rejects them by default; "no date" is NULL here.
-- - No literal defaults on TEXT/BLOB columns (MySQL 8 does not allow them): those are nullable.
-- - Identifier columns (cards.number, cards.pin, cards.callerid, callerids.cli, dids.did) use
--   utf8mb4_bin, so lookups and the unique keys compare exact bytes (no case or accent folding).

SET NAMES utf8mb4;

-- Users. Row 0 is the admin (loading id 0 needs NO_AUTO_VALUE_ON_ZERO, see sql/demo.sql).
-- password: lowercase hex SHA1 of the plain password.
CREATE TABLE users (
  id int NOT NULL AUTO_INCREMENT,
  username varchar(30) NOT NULL DEFAULT '',
  password varchar(100) NOT NULL DEFAULT '',
  usertype varchar(20) NOT NULL DEFAULT 'user',
  first_name varchar(50) NOT NULL DEFAULT '',
  last_name varchar(50) NOT NULL DEFAULT '',
  balance decimal(30,15) NOT NULL DEFAULT 0,
  owner_id int NOT NULL DEFAULT 0,
  tax_id int NOT NULL DEFAULT 0,
  acc_group_id int NOT NULL DEFAULT 0,
  own_providers int NOT NULL DEFAULT 0,
  currency_id int NOT NULL DEFAULT 1,
  quickforwards_rule_id int NOT NULL DEFAULT 0,
  time_zone varchar(255) NOT NULL DEFAULT 'UTC',
  credit decimal(30,15) NOT NULL DEFAULT -1,
  postpaid tinyint NOT NULL DEFAULT 1,
  blocked tinyint NOT NULL DEFAULT 0,
  hidden tinyint NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  -- MOR's model keeps usernames unique; the caller is found by username.
  UNIQUE KEY username (username),
  KEY owner_id (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Settings: (name, owner_id) -> value. owner_id 0 = system-wide, else a reseller's own setting.
CREATE TABLE conflines (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  value varchar(255) DEFAULT NULL,
  owner_id int NOT NULL DEFAULT 0,
  value2 blob,
  PRIMARY KEY (id),
  KEY name_owner_id (name, owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Permission groups of resellers and accountants (users.acc_group_id).
-- group_type: 'reseller' or 'accountant'.
CREATE TABLE acc_groups (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  group_type varchar(255) NOT NULL DEFAULT 'accountant',
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The rights a group can be given, looked up by name (e.g. 'calling_cards', 'device_manage').
-- right_type: 'reseller' or 'accountant'.
CREATE TABLE acc_rights (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  nice_name varchar(255) NOT NULL DEFAULT '',
  permission_group varchar(255) NOT NULL DEFAULT '',
  right_type varchar(255) NOT NULL DEFAULT 'accountant',
  PRIMARY KEY (id),
  KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- value: 0 none, 1 read, 2 write. A missing row means 0.
CREATE TABLE acc_group_rights (
  id int NOT NULL AUTO_INCREMENT,
  acc_group_id int NOT NULL DEFAULT 0,
  acc_right_id int NOT NULL DEFAULT 0,
  value int NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY acc_group_id_acc_right_id (acc_group_id, acc_right_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Devices (only the columns morapi uses). user_id -1 = a provider's device.
CREATE TABLE devices (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(100) NOT NULL DEFAULT '',
  user_id int NOT NULL DEFAULT 0,
  callerid varchar(100) DEFAULT NULL,
  extension varchar(50) NOT NULL DEFAULT '',
  device_type varchar(10) NOT NULL DEFAULT 'SIP',
  accountcode int NOT NULL DEFAULT 0,
  istrunk int NOT NULL DEFAULT 0,
  control_callerid_by_cids int NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY user_id (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Caller IDs (CLIs) of devices. cli holds a number, or a domain given as cli_domain.
CREATE TABLE callerids (
  id int NOT NULL AUTO_INCREMENT,
  cli varchar(255) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  device_id int NOT NULL DEFAULT 0,
  description varchar(255) DEFAULT NULL,
  added_at datetime DEFAULT NULL,
  banned int NOT NULL DEFAULT 0,
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  ivr_id int NOT NULL DEFAULT 0,
  comment blob,
  email_callback tinyint NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY cli_device_id (cli, device_id),
  KEY device_id (device_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE ivrs (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  start_block_id int NOT NULL DEFAULT 0,
  user_id int NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY user_id (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Providers (termination/origination). user_id = owner (0 admin, or a reseller).
CREATE TABLE providers (
  id bigint NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  tech varchar(255) NOT NULL DEFAULT '',
  user_id int NOT NULL DEFAULT 0,
  hidden tinyint NOT NULL DEFAULT 0,
  common_use tinyint NOT NULL DEFAULT 0,
  device_id bigint NOT NULL DEFAULT 0,
  tariff_id bigint NOT NULL DEFAULT 0,
  balance decimal(30,15) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY user_id (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- purpose: 'user', 'user_wholesale', 'provider', ... (did_rates_details_update accepts any).
CREATE TABLE tariffs (
  id bigint NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  purpose varchar(255) NOT NULL DEFAULT 'user',
  owner_id int NOT NULL DEFAULT 0,
  currency varchar(255) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY owner_id (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Up to four taxes; tax1 counts as enabled whatever tax1_enabled says (MOR's model).
-- compound_tax 1: the amount is divided by (1 + tax/100) for each enabled tax in turn;
-- 0: divided once by (1 + sum of enabled taxes/100).
CREATE TABLE taxes (
  id int NOT NULL AUTO_INCREMENT,
  tax1_enabled tinyint NOT NULL DEFAULT 1,
  tax2_enabled tinyint NOT NULL DEFAULT 0,
  tax3_enabled tinyint NOT NULL DEFAULT 0,
  tax4_enabled tinyint NOT NULL DEFAULT 0,
  tax1_name varchar(255) NOT NULL DEFAULT '',
  tax2_name varchar(255) NOT NULL DEFAULT '',
  tax3_name varchar(255) NOT NULL DEFAULT '',
  tax4_name varchar(255) NOT NULL DEFAULT '',
  total_tax_name varchar(255) NOT NULL DEFAULT '',
  tax1_value decimal(30,15) NOT NULL DEFAULT 0,
  tax2_value decimal(30,15) NOT NULL DEFAULT 0,
  tax3_value decimal(30,15) NOT NULL DEFAULT 0,
  tax4_value decimal(30,15) NOT NULL DEFAULT 0,
  compound_tax tinyint NOT NULL DEFAULT 1,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Row 1 is the system currency (exchange_rate 1); rates are relative to it.
CREATE TABLE currencies (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(5) NOT NULL DEFAULT '',
  full_name varchar(255) NOT NULL DEFAULT '',
  exchange_rate decimal(30,15) NOT NULL DEFAULT 1,
  PRIMARY KEY (id),
  KEY name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Calling card groups. tell_balance_in_currency '' = amounts are in the system currency.
CREATE TABLE cardgroups (
  id int NOT NULL AUTO_INCREMENT,
  name varchar(255) NOT NULL DEFAULT '',
  description varchar(255) DEFAULT NULL,
  price decimal(30,15) NOT NULL DEFAULT 0,
  setup_fee decimal(30,15) NOT NULL DEFAULT 0,
  daily_charge decimal(30,15) NOT NULL DEFAULT 0,
  tariff_id int NOT NULL DEFAULT 0,
  lcr_id int NOT NULL DEFAULT 0,
  valid_from datetime DEFAULT NULL,
  valid_till datetime DEFAULT NULL,
  number_length int NOT NULL DEFAULT 10,
  pin_length int NOT NULL DEFAULT 4,
  owner_id int NOT NULL DEFAULT 0,
  tax_id int NOT NULL DEFAULT 0,
  tell_balance_in_currency varchar(5) NOT NULL DEFAULT '',
  disable_voucher tinyint NOT NULL DEFAULT 0,
  hidden tinyint NOT NULL DEFAULT 0,
  callerid_leave tinyint NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY owner_id (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Calling cards. owner_id = the card group's owner; user_id = distributor, -1 for none.
-- callerid NULL or '' = none (MOR's GUI writes ''; the unique key below allows many of both).
-- batch_number (set by calling_cards_create, SPEC 4.1) is a morapi addition: see the end.
CREATE TABLE cards (
  id bigint NOT NULL AUTO_INCREMENT,
  balance decimal(30,15) NOT NULL DEFAULT 0,
  cardgroup_id int NOT NULL DEFAULT 0,
  sold tinyint NOT NULL DEFAULT 0,
  number varchar(255) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  pin varchar(255) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  first_use datetime DEFAULT NULL,
  daily_charge_paid_till datetime DEFAULT NULL,
  frozen_balance decimal(30,15) NOT NULL DEFAULT 0,
  owner_id int NOT NULL DEFAULT 0,
  callerid varchar(30) COLLATE utf8mb4_bin DEFAULT NULL,
  language varchar(10) NOT NULL DEFAULT 'en',
  name varchar(255) NOT NULL DEFAULT '',
  user_id int NOT NULL DEFAULT -1,
  hidden tinyint NOT NULL DEFAULT 0,
  call_count int NOT NULL DEFAULT 0,
  min_balance decimal(30,15) NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  -- MOR's own (non-unique) indexes; the unique ones are morapi additions below.
  KEY number (number),
  KEY pin (pin),
  KEY owner_id (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- DIDs. The morapi-only columns are added in the block at the end.
CREATE TABLE dids (
  id int NOT NULL AUTO_INCREMENT,
  did varchar(50) COLLATE utf8mb4_bin NOT NULL DEFAULT '',
  status varchar(255) NOT NULL DEFAULT 'free',
  user_id int NOT NULL DEFAULT 0,
  device_id int NOT NULL DEFAULT 0,
  subscription_id int NOT NULL DEFAULT 0,
  reseller_id int NOT NULL DEFAULT 0,
  closed_till datetime NOT NULL DEFAULT '2006-01-01 00:00:00',
  dialplan_id int NOT NULL DEFAULT 0,
  language varchar(10) NOT NULL DEFAULT '',
  provider_id int NOT NULL DEFAULT 0,
  comment text,
  call_limit int NOT NULL DEFAULT 0,
  t_digit int NOT NULL DEFAULT 10,
  t_response int NOT NULL DEFAULT 20,
  call_count int NOT NULL DEFAULT 0,
  cc_tariff_id int NOT NULL DEFAULT 0,
  PRIMARY KEY (id),
  KEY provider_id (provider_id),
  KEY reseller_id (reseller_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A DID's rates: three rows per DID, rate_type 'provider', 'incoming' and 'owner'.
-- daytype: '' (every day), 'FD' (free day) or 'WD' (work day).
CREATE TABLE didrates (
  id bigint NOT NULL AUTO_INCREMENT,
  did_id int NOT NULL DEFAULT 0,
  rate_type varchar(20) NOT NULL DEFAULT '',
  rate decimal(30,15) NOT NULL DEFAULT 0,
  connection_fee decimal(30,15) NOT NULL DEFAULT 0,
  increment_s int NOT NULL DEFAULT 1,
  min_time int NOT NULL DEFAULT 0,
  start_time time NOT NULL DEFAULT '00:00:00',
  end_time time NOT NULL DEFAULT '23:59:59',
  daytype varchar(10) NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY did_id (did_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The ledger. paymenttype 'card_refill' (a user's balance; user_id = the user) or 'Card' (a card's
-- balance; card = 1 and user_id = the card id, as MOR does). amount < 0 when money leaves.
CREATE TABLE payments (
  id int NOT NULL AUTO_INCREMENT,
  paymenttype varchar(255) DEFAULT NULL,
  amount decimal(30,15) NOT NULL DEFAULT 0,
  currency varchar(5) NOT NULL DEFAULT 'USD',
  email varchar(255) DEFAULT NULL,
  date_added datetime DEFAULT NULL,
  completed tinyint NOT NULL DEFAULT 0,
  transaction_id varchar(255) DEFAULT NULL,
  shipped_at datetime DEFAULT NULL,
  fee decimal(30,15) DEFAULT 0,
  gross decimal(30,15) DEFAULT 0,
  first_name varchar(255) DEFAULT NULL,
  last_name varchar(255) DEFAULT NULL,
  payer_email varchar(255) DEFAULT NULL,
  residence_country varchar(255) DEFAULT NULL,
  payer_status varchar(255) DEFAULT NULL,
  tax decimal(30,15) DEFAULT 0,
  user_id int DEFAULT NULL,
  pending_reason varchar(255) DEFAULT NULL,
  vat_percent decimal(30,15) NOT NULL DEFAULT 0,
  owner_id int NOT NULL DEFAULT 0,
  card tinyint NOT NULL DEFAULT 0,
  payment_hash varchar(255) DEFAULT NULL,
  bill_nr varchar(255) DEFAULT NULL,
  description blob,
  provider_id int NOT NULL DEFAULT -1,
  PRIMARY KEY (id),
  KEY user_id (user_id),
  KEY owner_id (owner_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- MOR's action log. Strings longer than a column are an error in strict mode (MOR's Rails relied
-- on MySQL truncating them): writers cut values to the column length, e.g. data2 to 255.
CREATE TABLE actions (
  id int NOT NULL AUTO_INCREMENT,
  user_id int NOT NULL DEFAULT 0,
  date datetime DEFAULT NULL,
  action varchar(50) NOT NULL DEFAULT '',
  data varchar(255) DEFAULT NULL,
  data2 varchar(255) DEFAULT NULL,
  processed tinyint NOT NULL DEFAULT 0,
  target_type varchar(255) NOT NULL DEFAULT '',
  target_id int DEFAULT NULL,
  data3 varchar(255) DEFAULT NULL,
  data4 varchar(255) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY user_id (user_id),
  KEY action_date (action, date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- morapi additions (also in sql/upgrade.sql)
-- What morapi needs beyond MOR's own schema; morapi refuses to start without it.
-- The unique keys make concurrent requests safe on any number of hosts: the database, not a
-- check-then-insert, decides that a card number (per group), a PIN, a card's caller ID, a device
-- CLI or a DID exists only once.
-- A card's caller ID: morapi_has_callerid is 1 when callerid is set, NULL when it is NULL or ''
-- (a key with a NULL part never collides), so set caller IDs are unique by callerid's own
-- collation, any number of cards have none, and lookups by callerid read the key. INVISIBLE:
-- `SELECT *` leaves it out, so a row read and written back (Rails copying a card) never sends
-- a value for it.
ALTER TABLE cards
  ADD COLUMN batch_number varchar(255) DEFAULT NULL,
  ADD COLUMN morapi_has_callerid tinyint
    GENERATED ALWAYS AS (IF(callerid <> '', 1, NULL)) STORED INVISIBLE,
  ADD UNIQUE KEY morapi_uniq_cards_number (cardgroup_id, number),
  ADD UNIQUE KEY morapi_uniq_cards_pin (pin),
  ADD UNIQUE KEY morapi_uniq_cards_callerid (callerid, morapi_has_callerid);

ALTER TABLE callerids
  ADD UNIQUE KEY morapi_uniq_callerids_cli (cli);

-- The did_rates_details_update settings (SPEC 4.5) and the did_create extras (SPEC 4.4).
ALTER TABLE dids
  ADD COLUMN provider_tariff_id int NOT NULL DEFAULT 0,
  ADD COLUMN allow_call_reject_provider tinyint NOT NULL DEFAULT 0,
  ADD COLUMN owner_tariff_id int NOT NULL DEFAULT 0,
  ADD COLUMN allow_call_reject tinyint NOT NULL DEFAULT 0,
  ADD COLUMN custom_sip_header varchar(255) DEFAULT NULL,
  ADD COLUMN reseller_comment text DEFAULT NULL,
  ADD UNIQUE KEY morapi_uniq_dids_did (did);
-- morapi's request ledger (SPEC 5): one row for every request that changed something, written in
-- the same transaction as the change, holding the answer the client got. After a connection lost
-- during COMMIT morapi looks the row up by id to learn whether it committed, and a retry with the
-- same Idempotency-Key / request_id (or nginx's $request_id, re-sent to another host) gets the
-- stored answer instead of moving money twice: the unique keys decide between two hosts at once.
-- nginx's id counts only together with the caller and the fingerprint: a peer that sends one id
-- for many requests makes each its own, never refused or answered with another's answer.
-- Rows are purged after expires_at. Never holds `p` or `hash`.
CREATE TABLE IF NOT EXISTS morapi_requests (
  id char(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  user_id int NOT NULL,
  request_key varchar(64) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
  nginx_request_id varchar(64) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
  method varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  fingerprint char(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  answer mediumtext NOT NULL,
  created_at datetime NOT NULL,
  expires_at datetime NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY morapi_uniq_requests_key (user_id, request_key),
  UNIQUE KEY morapi_uniq_requests_nginx_id (nginx_request_id, user_id, fingerprint),
  KEY morapi_requests_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
-- Strong signatures' nonces (README "Strong signatures"): the primary key refuses a nonce seen
-- before for the same owner, on every host and Galera node at once. `claim` is the token of the
-- attempt that inserted the row (an INSERT retried after a lost connection finds its own).
-- Rows are purged after usable_until (unix seconds: the request's timestamp + signature_window).
CREATE TABLE IF NOT EXISTS morapi_nonces (
  owner_id int NOT NULL,
  nonce varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  usable_until bigint NOT NULL,
  claim char(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  PRIMARY KEY (owner_id, nonce),
  KEY morapi_nonces_until (usable_until)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
-- end of morapi additions
