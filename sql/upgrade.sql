-- morapi upgrade for an existing MOR database: adds what morapi needs beyond MOR's own schema
-- (SPEC 5), and nothing else. Run it against MOR's database, e.g.
--
--   mariadb mor < sql/upgrade.sql          (or: mysql mor < sql/upgrade.sql)
--
-- Safe to run twice: what is already there is left alone. It changes no existing value: MOR's
-- GUI writes a card without a caller ID as '' and its cc_by_cli as NULL, and the caller ID key
-- (below) takes both any number of times, so neither needs rewriting. A database upgraded by the
-- previous version of this script (a plain unique key on callerid, which takes '' only once and
-- so broke MOR's card editing) gets the new key in its place; the NULLs that version wrote stay.
--
-- The caller ID key: cards.morapi_has_callerid is a generated column, 1 when callerid is set and
-- NULL when it is NULL or '', and the unique key is on (callerid, morapi_has_callerid). A key
-- with a NULL part never collides, so only set caller IDs must differ, compared by callerid's
-- own collation (in MOR's utf8_general_ci 'ABC' and 'abc ' are one caller ID), and a lookup by
-- callerid still reads the key. MOR's Rails (3.2) names every column in its INSERTs, sending NULL
-- for this one: MariaDB takes that NULL (in strict mode too). MySQL takes nothing but DEFAULT for
-- a generated column, so there MOR's card creation fails once MOR has re-read the columns.
-- The column is INVISIBLE: `SELECT *` leaves it out, so a card read and written back whole
-- (Rails copying a loaded card) never sends a value for it, which strict mode would refuse.
--
-- It refuses, changing nothing, when existing rows already break a unique key morapi needs: it
-- prints those rows (one result set per key) and stops with an error naming the key. Clean them
-- up in MOR (or by hand), then run it again. (A refused run leaves its helper procedure and
-- functions, morapi_upgrade and morapi_has_* / morapi_index_columns, behind; the next run
-- replaces and drops them.)
--
-- Plain MySQL/MariaDB SQL (information_schema, a stored procedure, SIGNAL): MariaDB 10.x and
-- MySQL 8. Adding a unique key rebuilds the table: on a big `cards` table run it in a quiet hour.

DROP PROCEDURE IF EXISTS morapi_upgrade;
DROP FUNCTION IF EXISTS morapi_has_index;
DROP FUNCTION IF EXISTS morapi_has_column;
DROP FUNCTION IF EXISTS morapi_index_columns;


DELIMITER //

CREATE FUNCTION morapi_has_index(table_name_in VARCHAR(64), index_name_in VARCHAR(64))
RETURNS INT READS SQL DATA
BEGIN
  RETURN (SELECT COUNT(*) FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = table_name_in
            AND INDEX_NAME = index_name_in) > 0;
END //

CREATE FUNCTION morapi_has_column(table_name_in VARCHAR(64), column_name_in VARCHAR(64))
RETURNS INT READS SQL DATA
BEGIN
  RETURN (SELECT COUNT(*) FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = table_name_in
            AND COLUMN_NAME = column_name_in) > 0;
END //

-- The index's columns in order, comma-separated; NULL when there is no such index.
CREATE FUNCTION morapi_index_columns(table_name_in VARCHAR(64), index_name_in VARCHAR(64))
RETURNS TEXT READS SQL DATA
BEGIN
  RETURN (SELECT GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)
          FROM information_schema.STATISTICS
          WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = table_name_in
            AND INDEX_NAME = index_name_in);
END //

CREATE PROCEDURE morapi_upgrade()
BEGIN
  DECLARE refused TEXT DEFAULT '';
  DECLARE callerid_key_ready INT DEFAULT
    morapi_index_columns('cards', 'morapi_uniq_cards_callerid') <=> 'callerid,morapi_has_callerid';

  -- 1. Existing rows that would break a unique key still to be added: show them, then refuse.
  IF NOT morapi_has_index('cards', 'morapi_uniq_cards_number') AND EXISTS (
      SELECT 1 FROM cards GROUP BY cardgroup_id, number HAVING COUNT(*) > 1) THEN
    SELECT 'cards with the same number in one card group' AS problem, c.id, c.cardgroup_id,
           c.number
      FROM cards c JOIN (SELECT cardgroup_id, number FROM cards GROUP BY cardgroup_id, number
                         HAVING COUNT(*) > 1) d
        ON d.cardgroup_id = c.cardgroup_id AND d.number = c.number
      ORDER BY c.cardgroup_id, c.number, c.id;
    SET refused = CONCAT(refused, ' morapi_uniq_cards_number');
  END IF;
  IF NOT morapi_has_index('cards', 'morapi_uniq_cards_pin') AND EXISTS (
      SELECT 1 FROM cards GROUP BY pin HAVING COUNT(*) > 1) THEN
    SELECT 'cards with the same PIN' AS problem, c.id, c.cardgroup_id, c.number, c.pin
      FROM cards c JOIN (SELECT pin FROM cards GROUP BY pin HAVING COUNT(*) > 1) d
        ON d.pin = c.pin
      ORDER BY c.pin, c.id;
    SET refused = CONCAT(refused, ' morapi_uniq_cards_pin');
  END IF;
  IF NOT callerid_key_ready AND EXISTS (
      SELECT 1 FROM cards WHERE callerid <> '' GROUP BY callerid HAVING COUNT(*) > 1) THEN
    SELECT 'cards with the same caller ID' AS problem, c.id, c.cardgroup_id, c.number,
           c.callerid
      FROM cards c JOIN (SELECT callerid FROM cards WHERE callerid <> '' GROUP BY callerid
                         HAVING COUNT(*) > 1) d
        ON d.callerid = c.callerid
      ORDER BY c.callerid, c.id;
    SET refused = CONCAT(refused, ' morapi_uniq_cards_callerid');
  END IF;
  IF NOT morapi_has_index('callerids', 'morapi_uniq_callerids_cli') AND EXISTS (
      SELECT 1 FROM callerids GROUP BY cli HAVING COUNT(*) > 1) THEN
    SELECT 'CLIs on more than one callerids row' AS problem, c.id, c.cli, c.device_id
      FROM callerids c JOIN (SELECT cli FROM callerids GROUP BY cli HAVING COUNT(*) > 1) d
        ON d.cli = c.cli
      ORDER BY c.cli, c.id;
    SET refused = CONCAT(refused, ' morapi_uniq_callerids_cli');
  END IF;
  IF NOT morapi_has_index('dids', 'morapi_uniq_dids_did') AND EXISTS (
      SELECT 1 FROM dids GROUP BY did HAVING COUNT(*) > 1) THEN
    SELECT 'DIDs with the same number' AS problem, x.id, x.did, x.status
      FROM dids x JOIN (SELECT did FROM dids GROUP BY did HAVING COUNT(*) > 1) d
        ON d.did = x.did
      ORDER BY x.did, x.id;
    SET refused = CONCAT(refused, ' morapi_uniq_dids_did');
  END IF;
  IF refused <> '' THEN
    SET refused = CONCAT('morapi upgrade refused, nothing changed: rows listed above break',
                         refused);
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = refused;
  END IF;

  -- 2. Columns: a card's batch number (calling_cards_create; MOR X3 has none), and the dids
  --    columns of did_rates_details_update and did_create.
  IF NOT morapi_has_column('cards', 'batch_number') THEN
    ALTER TABLE cards ADD COLUMN batch_number varchar(255) DEFAULT NULL;
  END IF;
  IF NOT morapi_has_column('dids', 'provider_tariff_id') THEN
    ALTER TABLE dids ADD COLUMN provider_tariff_id int NOT NULL DEFAULT 0;
  END IF;
  IF NOT morapi_has_column('dids', 'allow_call_reject_provider') THEN
    ALTER TABLE dids ADD COLUMN allow_call_reject_provider tinyint NOT NULL DEFAULT 0;
  END IF;
  IF NOT morapi_has_column('dids', 'owner_tariff_id') THEN
    ALTER TABLE dids ADD COLUMN owner_tariff_id int NOT NULL DEFAULT 0;
  END IF;
  IF NOT morapi_has_column('dids', 'allow_call_reject') THEN
    ALTER TABLE dids ADD COLUMN allow_call_reject tinyint NOT NULL DEFAULT 0;
  END IF;
  IF NOT morapi_has_column('dids', 'custom_sip_header') THEN
    ALTER TABLE dids ADD COLUMN custom_sip_header varchar(255) DEFAULT NULL;
  END IF;
  IF NOT morapi_has_column('dids', 'reseller_comment') THEN
    ALTER TABLE dids ADD COLUMN reseller_comment text DEFAULT NULL;
  END IF;

  -- 3. The unique keys.
  IF NOT morapi_has_index('cards', 'morapi_uniq_cards_number') THEN
    ALTER TABLE cards ADD UNIQUE KEY morapi_uniq_cards_number (cardgroup_id, number);
  END IF;
  IF NOT morapi_has_index('cards', 'morapi_uniq_cards_pin') THEN
    ALTER TABLE cards ADD UNIQUE KEY morapi_uniq_cards_pin (pin);
  END IF;
  IF NOT callerid_key_ready THEN
    -- STORED, not VIRTUAL: adding it copies the table once (writes to cards wait meanwhile),
    -- while an indexed VIRTUAL column would make every later ALTER of cards (MOR's own
    -- upgrades) a rebuild that blocks writes, never instant or online. A byte a card.
    IF NOT morapi_has_column('cards', 'morapi_has_callerid') THEN
      ALTER TABLE cards ADD COLUMN morapi_has_callerid tinyint
        GENERATED ALWAYS AS (IF(callerid <> '', 1, NULL)) STORED INVISIBLE;
    END IF;
    -- The previous version's key goes in the same statement that adds the new one: caller IDs
    -- are unique at every moment.
    IF morapi_has_index('cards', 'morapi_uniq_cards_callerid') THEN
      ALTER TABLE cards DROP INDEX morapi_uniq_cards_callerid,
        ADD UNIQUE KEY morapi_uniq_cards_callerid (callerid, morapi_has_callerid);
    ELSE
      ALTER TABLE cards ADD UNIQUE KEY morapi_uniq_cards_callerid (callerid, morapi_has_callerid);
    END IF;
  END IF;
  IF NOT morapi_has_index('callerids', 'morapi_uniq_callerids_cli') THEN
    ALTER TABLE callerids ADD UNIQUE KEY morapi_uniq_callerids_cli (cli);
  END IF;
  IF NOT morapi_has_index('dids', 'morapi_uniq_dids_did') THEN
    ALTER TABLE dids ADD UNIQUE KEY morapi_uniq_dids_did (did);
  END IF;
  SELECT 'morapi upgrade done: the database has what morapi needs' AS result;
END //

DELIMITER ;

CALL morapi_upgrade();

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

DROP PROCEDURE morapi_upgrade;
DROP FUNCTION morapi_has_index;
DROP FUNCTION morapi_has_column;
DROP FUNCTION morapi_index_columns;
