// Baseline (c) of bench/run.sh: morapi's statements of commit 1945411 per path, then its
// answer. Included by responder.cpp only (one translation unit, one g++ command).
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <fcgiapp.h>
#include <mysql_driver.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include "statements.hpp"

namespace {

std::unique_ptr<sql::Connection> db;
std::map<std::string, std::unique_ptr<sql::PreparedStatement>> prepared;
std::mt19937_64 rng;

// A prepared statement, prepared once per process (as morapi keeps them).
sql::PreparedStatement& st(const char* text) {
  auto& slot = prepared[text];
  if (!slot) slot.reset(db->prepareStatement(text));
  return *slot;
}

// One row's columns as text (nullptr when no row).
std::unique_ptr<sql::ResultSet> query(sql::PreparedStatement& s) {
  std::unique_ptr<sql::ResultSet> r(s.executeQuery());
  return r;
}
std::string one(sql::PreparedStatement& s) {
  auto r = query(s);
  return r->next() ? std::string(r->getString(1)) : std::string();
}

std::string hex(int chars) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  while (static_cast<int>(out.size()) < chars) {
    uint64_t v = rng();
    for (int i = 0; i < 16 && static_cast<int>(out.size()) < chars; ++i, v >>= 4)
      out += digits[v & 15];
  }
  return out;
}

// A query parameter's raw value (the bench sends only digits and letters: no decoding needed).
std::string param(const std::string& query, const std::string& name) {
  std::string key = name + "=";
  for (size_t at = 0; at < query.size();) {
    size_t end = query.find('&', at);
    if (end == std::string::npos) end = query.size();
    if (query.compare(at, key.size(), key) == 0)
      return query.substr(at + key.size(), end - at - key.size());
    at = end + 1;
  }
  return "";
}

std::string money(const std::string& decimal) {
  char out[64];
  std::snprintf(out, sizeof out, "%.2f", std::strtod(decimal.c_str(), nullptr) + 1e-9);
  return out;
}

const char* kHeaders =
    "Status: 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %d\r\n%s"
    "Vary: Accept-Encoding\r\n\r\n";
const char* kDisposition = "Content-Disposition: attachment; filename=mor_api_response.xml\r\n";
const std::string kDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

void answer(FCGX_Request& r, const std::string& body, bool disposition = true) {
  FCGX_FPrintF(r.out, kHeaders, static_cast<int>(body.size()), disposition ? kDisposition : "");
  FCGX_PutStr(body.data(), static_cast<int>(body.size()), r.out);
}

// The changing transactions open and close as morapi's did (Connector/C++ setAutoCommit and
// commit: SET autocommit = 0, ..., COMMIT, SET autocommit = 1), the ledger row first and its
// answer last.
std::string begin_ledger(const char* method, const std::string& user) {
  db->setAutoCommit(false);
  std::string id = hex(32);
  auto& s = st(stmt::kInsertLedger);
  s.setString(1, id);
  s.setString(2, user);
  s.setString(3, method);
  s.setString(4, hex(64));
  s.setInt(5, 600);
  s.executeUpdate();
  return id;
}
void end_ledger(const std::string& id, const char* nginx_id, const std::string& body) {
  auto& s = st(stmt::kSetLedgerAnswer);
  s.setNull(1, sql::DataType::VARCHAR);
  if (nginx_id)
    s.setString(2, nginx_id);
  else
    s.setNull(2, sql::DataType::VARCHAR);
  s.setString(3, body);
  s.setString(4, id);
  s.executeUpdate();
  db->commit();
  db->setAutoCommit(true);
}

void did_create(FCGX_Request& r, const std::string& q, const char* nginx_id) {
  auto& provider = st(stmt::kSelectProvider);
  provider.setString(1, param(q, "provider_id"));
  query(provider);
  auto& exists = st(stmt::kSelectDidIdByNumber);
  exists.setString(1, param(q, "did"));
  if (!one(exists).empty()) {
    answer(r,
           kDecl +
               "<page>\n  <status>\n    <error>DID already exists</error>\n  </status>\n</page>\n");
    return;
  }
  std::string ledger = begin_ledger("did_create", "0");
  auto& insert = st(stmt::kInsertDid);
  insert.setString(1, param(q, "did"));
  insert.setString(2, param(q, "provider_id"));
  insert.setInt(3, 0);
  for (int i = 4; i <= 6; ++i) insert.setNull(i, sql::DataType::VARCHAR);
  insert.executeUpdate();
  std::string did_id = one(st(stmt::kLastInsertId));
  for (const char* type : {"provider", "incoming", "owner"}) {
    auto& rate = st(stmt::kInsertDidRate);
    rate.setString(1, did_id);
    rate.setString(2, type);
    rate.executeUpdate();
  }
  std::string body = kDecl +
                     "<page>\n  <status>\n    <success>DID created</success>\n  </status>\n"
                     "  <did_details>\n    <id>" +
                     did_id + "</id>\n  </did_details>\n</page>\n";
  end_ledger(ledger, nginx_id, body);
  answer(r, body);
}

struct Card {
  std::string id, group, balance, callerid, pin, number;
};

Card lock_card(const char* text, const std::string& id, const std::string& key) {
  auto& s = st(text);
  s.setString(1, id);
  if (!key.empty()) s.setString(2, key);
  auto row = query(s);
  Card c;
  if (row->next())
    c = {row->getString(1), row->getString(2), row->getString(3),
         row->getString(4), row->getString(5), row->getString(6)};
  return c;
}
void card_group(const std::string& id) {
  auto& s = st(stmt::kSelectCardGroup);
  s.setString(1, id);
  query(s);
}
std::string vat(const std::string& amount, int column) {  // column 1: net of VAT, 2: with VAT
  auto& s = st(stmt::kAmountWithoutAndWithVat);
  s.setString(1, amount);
  s.setInt(2, 1);
  auto row = query(s);
  row->next();
  return row->getString(column);
}
// A card balance change as morapi wrote it: the UPDATE, the payment (its tax: with VAT minus the
// change) and MOR's actions row.
void change_card(const std::string& card, const std::string& change) {
  auto& update = st(stmt::kAddToCardBalance);
  update.setString(1, change);
  update.setString(2, card);
  update.executeUpdate();
  std::string with = vat(change, 2);
  auto& sum = st(stmt::kSum);
  sum.setString(1, with);
  sum.setString(2, change[0] == '-' ? change.substr(1) : "-" + change);
  std::string tax = one(sum);
  auto& pay = st(stmt::kInsertPayment);
  pay.setString(1, "Card");
  pay.setString(2, change);
  pay.setString(3, "USD");
  pay.setString(4, tax);
  pay.setString(5, card);
  pay.setInt(6, 0);
  pay.setInt(7, 1);
  pay.setNull(8, sql::DataType::VARCHAR);
  pay.setNull(9, sql::DataType::VARCHAR);
  pay.executeUpdate();
  one(st(stmt::kLastInsertId));
  auto& action = st(stmt::kInsertCardBalanceAction);
  action.setInt(1, 0);
  action.setString(2, money(change));
  action.setString(3, card);
  action.executeUpdate();
}

void cc_by_cli(FCGX_Request& r, const std::string& q, const char* nginx_id) {
  std::string cli = param(q, "callerid"), pin = param(q, "pin");
  std::string ledger = begin_ledger("cc_by_cli", "0");
  query(st(stmt::kSelectSystemCurrency));
  auto& device = st(stmt::kSelectDeviceByCli);
  device.setString(1, cli);
  query(device);
  auto& by_cli = st(stmt::kSelectCardIdByCallerid);
  by_cli.setString(1, cli);
  std::string card_id = one(by_cli);
  if (pin.empty()) {
    Card card = lock_card(stmt::kLockCardWithCallerid, card_id, cli);
    card_group(card.group);
    query(st(stmt::kSelectSystemCurrency));
    change_card(card_id, vat(param(q, "amount"), 1));
  } else {
    auto& by_pin = st(stmt::kSelectCardIdByPin);
    by_pin.setString(1, pin);
    by_pin.setInt(2, 0);
    by_pin.setString(3, card_id);
    std::string pin_id = one(by_pin);
    Card card = lock_card(stmt::kLockCardWithCallerid, card_id, cli);
    card_group(card.group);
    Card from = lock_card(stmt::kLockCardWithPin, pin_id, pin);
    card_group(from.group);
    card_group(card.group);
    change_card(pin_id, "-" + from.balance);
    change_card(card_id, from.balance);
  }
  Card card = lock_card(stmt::kLockCard, card_id, "");
  card_group(card.group);
  std::string with = vat(card.balance, 2);
  std::string body = kDecl +
                     "<page>\n  <response>\n    <status>ok</status>\n    <card>\n"
                     "      <id>" +
                     card.id + "</id>\n      <cardgroup_id>" + card.group +
                     "</cardgroup_id>\n"
                     "      <balance>" +
                     money(card.balance) + "</balance>\n      <balance_with_vat>" + money(with) +
                     "</balance_with_vat>\n      <callerid>" + card.callerid +
                     "</callerid>\n      <pin>" + card.pin + "</pin>\n      <number>" +
                     card.number + "</number>\n    </card>\n  </response>\n</page>\n";
  end_ledger(ledger, nginx_id, body);
  answer(r, body);
}

void connect(const char* socket, const char* name) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString("localhost");
  options["socket"] = sql::SQLString(socket);
  options["userName"] = sql::SQLString("root");
  options["password"] = sql::SQLString("");
  options["schema"] = sql::SQLString(name);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  db.reset(sql::mysql::get_mysql_driver_instance()->connect(options));
  std::unique_ptr<sql::Statement> setup(db->createStatement());
  setup->execute("SET SESSION div_precision_increment = 20");
  setup->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
  setup->execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',STRICT_ALL_TABLES')");
  setup->execute("SET SESSION innodb_lock_wait_timeout = 5");
  db->setAutoCommit(true);
}

// One request: the path from DOCUMENT_URI, its statements, its answer.
void serve_db(FCGX_Request& r) {
  std::string uri = FCGX_GetParam("DOCUMENT_URI", r.envp) ?: "";
  std::string q = FCGX_GetParam("QUERY_STRING", r.envp) ?: "";
  const char* nginx_id = FCGX_GetParam("MORAPI_REQUEST_ID", r.envp);
  try {
    if (uri.ends_with("/_health")) {
      query(st(stmt::kSelectOne));
      answer(r, kDecl + "<health>\n  <database>ok</database>\n</health>\n", false);
    } else if (uri.ends_with("/did_create")) {
      did_create(r, q, nginx_id);
    } else if (uri.ends_with("/cc_by_cli")) {
      cc_by_cli(r, q, nginx_id);
    } else {
      FCGX_FPrintF(r.out, "Status: 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    }
  } catch (const sql::SQLException& e) {  // the bench counts it as a bad answer
    if (!db->getAutoCommit()) {
      db->rollback();
      db->setAutoCommit(true);
    }
    std::string body = std::string("baseline error: ") + e.what() + "\n";
    FCGX_FPrintF(r.out, "Status: 500 Error\r\nContent-Length: %d\r\n\r\n%s",
                 static_cast<int>(body.size()), body.c_str());
  }
}

}  // namespace
