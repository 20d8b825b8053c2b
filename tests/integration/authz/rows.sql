-- The rows the authorization matrix needs beyond sql/demo.sql (load after it). Each row the
-- matrix names is mirrored in tests/integration/authz/matrix.cpp, which derives from these owners
-- who may reach what.
--
-- Scopes whose objects a caller may own: owner 0 (the admin, and the accountants who act for it),
-- reseller 3 `user` (with calling_cards, from the demo), reseller 20 `reseller_plain` (no rights).
-- Reseller 30 `other_reseller` owns one object of every kind and is never the caller of a
-- matrix cell: its objects are "another reseller's".

SET NAMES utf8mb4;
START TRANSACTION;

INSERT INTO acc_groups (id, name, group_type) VALUES
  (10, 'Resellers without rights', 'reseller'),
  (11, 'Accountants with some rights', 'accountant');

-- Some rights: device and card management with write access; DID management only to read (1),
-- which is not enough (SPEC 4: the right with write (2) access).
INSERT INTO acc_group_rights (id, acc_group_id, acc_right_id, value) VALUES
  (10, 11, 3, 2),
  (11, 11, 2, 2),
  (12, 11, 5, 1);

-- Passwords are SHA1(plain); the plain ones are in the comments.
INSERT INTO users (id, username, password, usertype, first_name, last_name, owner_id, tax_id,
                   acc_group_id, own_providers, currency_id, blocked) VALUES
  (20, 'reseller_plain',     SHA1('reseller_plain1'), 'reseller',   'No', 'Rights', 0, 1, 10, 1, 1, 0),
  (21, 'user_of_plain',      SHA1('user_of_plain1'),  'user',       'Plain', 'User', 20, 1, 0, 0, 1, 0),
  (30, 'other_reseller',     SHA1('other1'),          'reseller',   'Other', 'Reseller', 0, 1, 1, 1, 1, 0),
  (31, 'user_of_other',      SHA1('user_of_other1'),  'user',       'Other', 'User', 30, 1, 0, 0, 1, 0),
  (40, 'accountant_some',    SHA1('accountant_some1'), 'accountant', 'Some', 'Rights', 0, 1, 11, 0, 1, 0),
  -- Blocked, but with every right: if `blocked` were ignored it would reach all of owner 0's.
  (50, 'blocked_accountant', SHA1('blocked1'),        'accountant', 'Blocked', 'Accountant', 0, 1, 3, 0, 1, 1),
  -- Blocked, with calling_cards and its own secret: neither may count (it is unknown).
  (60, 'blocked_reseller',   SHA1('blocked2'),        'reseller',   'Blocked', 'Reseller', 0, 1, 1, 1, 1, 1);

INSERT INTO conflines (id, name, value, owner_id) VALUES
  (20, 'API_Secret_Key', 'secret20', 20),
  (30, 'API_Secret_Key', 'secret30', 30),
  (60, 'API_Secret_Key', 'secret60', 60);

INSERT INTO devices (id, name, user_id, extension, device_type, accountcode) VALUES
  (21, 'user_of_plain_sip', 21, '1021', 'SIP', 21),
  (31, 'user_of_other_sip', 31, '1031', 'SIP', 31);

-- One caller ID on each user's device (device 9, the provider's, has 37060000009 in the demo).
INSERT INTO callerids (id, cli, device_id, banned, ivr_id, email_callback, added_at, created_at,
                       updated_at) VALUES
  (2, '37070000002', 2, 0, 0, 0, NOW(), NOW(), NOW()),
  (3, '37070000007', 7, 0, 0, 0, NOW(), NOW(), NOW()),
  (4, '37070000021', 21, 0, 0, 0, NOW(), NOW(), NOW()),
  (5, '37070000031', 31, 0, 0, 0, NOW(), NOW(), NOW());

INSERT INTO ivrs (id, name, start_block_id, user_id) VALUES
  (3, 'Reseller IVR', 0, 3),
  (20, 'Plain reseller IVR', 0, 20),
  (30, 'Other reseller IVR', 0, 30);

-- And a hidden provider of each scope: only `hidden` can refuse it.
INSERT INTO providers (id, name, tech, user_id, hidden, device_id) VALUES
  (5, 'Hidden admin provider', 'SIP', 0, 1, 0),
  (6, 'Hidden reseller provider', 'SIP', 3, 1, 0),
  (20, 'Plain reseller provider', 'SIP', 20, 0, 0),
  (22, 'Hidden plain reseller provider', 'SIP', 20, 1, 0),
  (30, 'Other reseller provider', 'SIP', 30, 0, 0);

INSERT INTO tariffs (id, name, purpose, owner_id, currency) VALUES
  (20, 'Plain reseller tariff', 'user', 20, 'USD'),
  (30, 'Other reseller tariff', 'provider', 30, 'USD');

-- A hidden group for each scope: the caller's own, so only `hidden` can refuse it.
INSERT INTO cardgroups (id, name, description, tariff_id, valid_from, valid_till, number_length,
                        pin_length, owner_id, tax_id, tell_balance_in_currency, price, hidden)
VALUES
  (2, 'Hidden admin cards', NULL, 3, '2000-01-01', '2099-12-31', 10, 8, 0, 1, '', 5, 1),
  (4, 'Hidden reseller cards', NULL, 4, '2000-01-01', '2099-12-31', 10, 6, 3, 1, '', 0, 1),
  (20, 'Plain reseller cards', NULL, 20, '2000-01-01', '2099-12-31', 10, 6, 20, 1, '', 0, 0),
  (21, 'Hidden plain reseller cards', NULL, 20, '2000-01-01', '2099-12-31', 10, 6, 20, 1, '', 0, 1),
  (30, 'Other reseller cards', NULL, 30, '2000-01-01', '2099-12-31', 10, 6, 30, 1, '', 5, 0);

-- In each visible group: a card with a caller ID, and a PIN card. The caller's own PIN cards are
-- empty (reaching one answers `PIN number balance is zero` and moves nothing); the other
-- reseller's has money, so reaching it by mistake would move it and the matrix would see it.
INSERT INTO cards (id, balance, cardgroup_id, sold, number, pin, owner_id, callerid, user_id) VALUES
  (201, 5, 1, 1, '1000000201', '20100001', 0, '37080000000', -1),
  (202, 0, 1, 1, '1000000202', '20200002', 0, NULL, -1),
  (203, 5, 3, 1, '1000000203', '203003', 3, '37080000003', -1),
  (204, 0, 3, 1, '1000000204', '204003', 3, NULL, -1),
  (205, 5, 20, 1, '1000000205', '205020', 20, '37080000020', -1),
  (206, 0, 20, 1, '1000000206', '206020', 20, NULL, -1),
  (207, 5, 30, 1, '1000000207', '207030', 30, '37080000030', -1),
  (208, 5, 30, 1, '1000000208', '208030', 30, NULL, -1),
  -- A card with money, a caller ID and a PIN in each hidden group.
  (209, 5, 2, 1, '1000000209', '20900009', 0, '37081000000', -1),
  (210, 5, 4, 1, '1000000210', '210003', 3, '37081000003', -1),
  (211, 5, 21, 1, '1000000211', '211020', 20, '37081000020', -1);

-- A DID of each reseller (the admin's is the demo's DID 3), each with its three rate rows.
INSERT INTO dids (id, did, status, provider_id, reseller_id) VALUES
  (4, '37090000003', 'free', 2, 3),
  (20, '37090000020', 'free', 20, 20),
  (30, '37090000030', 'free', 30, 30);

INSERT INTO didrates (id, did_id, rate_type, rate, connection_fee, increment_s, min_time,
                      start_time, end_time, daytype) VALUES
  (10, 4, 'provider', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (11, 4, 'incoming', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (12, 4, 'owner', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (13, 20, 'provider', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (14, 20, 'incoming', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (15, 20, 'owner', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (16, 30, 'provider', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (17, 30, 'incoming', 0, 0, 1, 0, '00:00:00', '23:59:59', ''),
  (18, 30, 'owner', 0, 0, 1, 0, '00:00:00', '23:59:59', '');

COMMIT;
