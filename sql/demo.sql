-- morapi demo data (SPEC section 8): load after sql/schema.sql into the same database.
--
--   mariadb DB < sql/schema.sql && mariadb DB < sql/demo.sql
--
-- Ids are fixed as SPEC 8 writes them, so the requests printed in the seed pages work verbatim;
-- AUTO_INCREMENT is moved to 100 at the end so new rows get ids above them. payments, actions and
-- cards start empty. Passwords are SHA1(plain password); the plain ones are in the comments.

SET NAMES utf8mb4;
-- Without this, inserting id 0 (the admin) would take the next AUTO_INCREMENT value instead.
SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO');

START TRANSACTION;

-- Settings. Owner 0 is system-wide; the reseller (user 3) has its own API secret.
INSERT INTO conflines (id, name, value, owner_id) VALUES
  (1, 'Allow_API', '1', 0),
  (2, 'Allow_GET_API', '1', 0),
  (3, 'API_Secret_Key', 'secret', 0),
  (4, 'XML_API_Extension', '1', 0),
  (5, 'Nice_Number_Digits', '2', 0),
  (6, 'Resellers_can_add_their_own_DIDs', '1', 0),
  (7, 'DID_default_provider_to_resellers', '1', 0),
  (8, 'API_Secret_Key', 'secret3', 3);

-- Row 1 is the system currency.
INSERT INTO currencies (id, name, full_name, exchange_rate) VALUES
  (1, 'USD', 'United States dollar', 1);

-- "No tax": tax1 (always enabled) at 0%, so net of VAT = the amount itself.
INSERT INTO taxes (id, tax1_enabled, tax1_name, tax1_value, total_tax_name, compound_tax) VALUES
  (1, 1, 'VAT', 0, 'VAT', 1);

-- The rights SPEC 4 names: calling_cards is a reseller right, the others accountant rights.
INSERT INTO acc_rights (id, name, nice_name, permission_group, right_type) VALUES
  (1, 'calling_cards', 'Calling Cards', 'Calling Cards', 'reseller'),
  (2, 'callingcard_manage', 'Calling Card Manage', 'Calling Cards', 'accountant'),
  (3, 'device_manage', 'Device Manage', 'Devices', 'accountant'),
  (4, 'cli_ivr', 'CLI IVR', 'Devices', 'accountant'),
  (5, 'manage_dids_opt_1', 'Manage DIDs', 'DIDs', 'accountant');

INSERT INTO acc_groups (id, name, group_type) VALUES
  (1, 'Demo resellers', 'reseller'),
  (2, 'Demo accountants without rights', 'accountant'),
  (3, 'Demo accountants with all rights', 'accountant');

-- value 2 = write. Group 2 has no rows at all: every right reads as 0.
INSERT INTO acc_group_rights (id, acc_group_id, acc_right_id, value) VALUES
  (1, 1, 1, 2),
  (2, 3, 2, 2),
  (3, 3, 3, 2),
  (4, 3, 4, 2),
  (5, 3, 5, 2);

-- Every user uses taxes row 1 and currency 1.
INSERT INTO users (id, username, password, usertype, first_name, last_name, owner_id, tax_id,
                   acc_group_id, own_providers, currency_id) VALUES
  (0, 'admin',         SHA1('admin1'),         'admin',      'System', 'Admin',    0, 1, 0, 0, 1),
  (2, 'user_admin',    SHA1('user_admin1'),    'user',       'Demo',   'User',     0, 1, 0, 0, 1),
  -- reseller: owns provider 2, tariff 4, card group 3 and user 5
  (3, 'user',          SHA1('user1'),          'reseller',   'Demo',   'Reseller', 0, 1, 1, 1, 1),
  (4, 'accountant',    SHA1('accountant1'),    'accountant', 'Demo',   'Accountant', 0, 1, 2, 0, 1),
  (5, 'user_reseller', SHA1('user_reseller1'), 'user',       'Demo',   'Reseller User', 3, 1, 0, 0, 1),
  (6, 'accountant2',   SHA1('accountant2'),    'accountant', 'Demo',   'Accountant 2', 0, 1, 3, 0, 1);

-- Device 9 belongs to provider 1 (user_id -1 marks a provider's device).
INSERT INTO devices (id, name, user_id, extension, device_type, accountcode) VALUES
  (2, 'user_admin_sip', 2, '1002', 'SIP', 2),
  (7, 'user_reseller_sip', 5, '1007', 'SIP', 7),
  (9, 'provider_1', -1, '1009', 'SIP', 9);

INSERT INTO callerids (id, cli, device_id, banned, ivr_id, email_callback, added_at, created_at,
                       updated_at) VALUES
  (1, '37060000009', 9, 0, 0, 0, NOW(), NOW(), NOW());

INSERT INTO ivrs (id, name, start_block_id, user_id) VALUES
  (2, 'Demo IVR', 0, 0);

INSERT INTO providers (id, name, tech, user_id, hidden, device_id) VALUES
  (1, 'Demo provider', 'SIP', 0, 0, 9),
  (2, 'Reseller provider', 'SIP', 3, 0, 0);

INSERT INTO tariffs (id, name, purpose, owner_id, currency) VALUES
  (3, 'Demo tariff', 'user', 0, 'USD'),
  (4, 'Reseller tariff', 'user', 3, 'USD');

-- tell_balance_in_currency '' = amounts in the system currency (SPEC 4.2). price: the balance a
-- new card of the group starts with, its face value (SPEC 4.1).
INSERT INTO cardgroups (id, name, description, tariff_id, valid_from, valid_till, number_length,
                        pin_length, owner_id, tax_id, tell_balance_in_currency, price) VALUES
  (1, 'Demo cards', 'Admin card group', 3, '2000-01-01 00:00:00', '2099-12-31 23:59:59', 10, 8,
   0, 1, '', 5),
  (3, 'Reseller cards', 'Reseller card group', 4, '2000-01-01 00:00:00', '2099-12-31 23:59:59',
   10, 6, 3, 1, '', 0);

INSERT INTO dids (id, did, status, provider_id, reseller_id) VALUES
  (3, '37060000003', 'free', 1, 0);

-- The three rate rows every DID has.
INSERT INTO didrates (id, did_id, rate_type, rate, connection_fee, increment_s, min_time,
                      start_time, end_time, daytype) VALUES
  (1, 3, 'provider', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (2, 3, 'incoming', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (3, 3, 'owner', 0, 0, 1, 0, '00:00:00', '23:59:59', '');

COMMIT;

-- New rows get ids above the fixed ones (InnoDB keeps this across restarts since MariaDB 10.2).
ALTER TABLE users AUTO_INCREMENT = 100;
ALTER TABLE conflines AUTO_INCREMENT = 100;
ALTER TABLE acc_groups AUTO_INCREMENT = 100;
ALTER TABLE acc_rights AUTO_INCREMENT = 100;
ALTER TABLE acc_group_rights AUTO_INCREMENT = 100;
ALTER TABLE devices AUTO_INCREMENT = 100;
ALTER TABLE callerids AUTO_INCREMENT = 100;
ALTER TABLE ivrs AUTO_INCREMENT = 100;
ALTER TABLE providers AUTO_INCREMENT = 100;
ALTER TABLE tariffs AUTO_INCREMENT = 100;
ALTER TABLE taxes AUTO_INCREMENT = 100;
ALTER TABLE currencies AUTO_INCREMENT = 100;
ALTER TABLE cardgroups AUTO_INCREMENT = 100;
ALTER TABLE dids AUTO_INCREMENT = 100;
ALTER TABLE didrates AUTO_INCREMENT = 100;
