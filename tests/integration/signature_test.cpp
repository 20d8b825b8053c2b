// Strong signatures (issue 13, README "Strong signatures") against a real MariaDB and real
// workers: accepted, every field tampered, expired, replayed (also on two instances at once),
// the wrong owner's key, an unsigned parameter changed, SHA1 refused where strong ones are
// required, and the admin's SHA1 clients unaffected. Exact XML, exact rows.
#define BOOST_TEST_MODULE signature
#include <boost/test/unit_test.hpp>
#include <ctime>
#include <future>

#include "fixture.hpp"

using namespace morapi::testing;
using Rows = std::vector<std::vector<std::string>>;

namespace {

// One request and what signs it. Parameter values here need no percent-encoding, so that the
// canonical string is written out plainly (the encoding has its own vectors in the unit tests).
struct Signed {
  std::string http_method = "GET";
  std::string api_method = "did_create";
  std::vector<std::pair<std::string, std::string>> params;  // sent as the query, in this order
  std::string timestamp = std::to_string(time(nullptr));
  std::string nonce;
  std::string key = "secret3";

  std::string canonical() const {
    std::vector<std::string> lines;
    for (const auto& [name, value] : params) lines.push_back(name + "=" + value);
    std::sort(lines.begin(), lines.end());
    std::string text = http_method + "\n" + api_method + "\n" + timestamp + "\n" + nonce;
    for (const auto& line : lines) text += "\n" + line;
    return text;
  }
  std::string query() const {
    std::string q;
    for (const auto& [name, value] : params) q += (q.empty() ? "" : "&") + name + "=" + value;
    return q;
  }
  // As nginx passes it: the fields as X-Morapi-* headers.
  FcgiRequest request(const std::string& signature) const {
    FcgiRequest r;
    r.method = http_method;
    r.uri = "/billing/api/" + api_method + "?" + query();
    r.headers = {{"X-Morapi-Timestamp", timestamp},
                 {"X-Morapi-Nonce", nonce},
                 {"X-Morapi-Signature", signature}};
    return r;
  }
  FcgiRequest request() const { return request(hmac_sha256(key, canonical())); }
};

int g_nonce = 0;

// The reseller's did_create of `did` on its own provider 2.
Signed reseller_did(const std::string& did) {
  Signed s;
  s.params = {{"u", "user"}, {"did", did}, {"provider_id", "2"}};
  s.nonce = "nonce-" + std::to_string(time(nullptr)) + "-" + std::to_string(++g_nonce);
  return s;
}

std::string dids(Stack& stack) {
  return stack.scalar("SELECT COUNT(*) FROM dids");
}

std::string signature_errors(Stack& stack) {
  return stack.scalar(
      "SELECT COUNT(*) FROM actions WHERE action = 'error' AND data = 'API : Incorrect signature'");
}

// The reseller (owner 3) requires strong signatures; the admin (owner 0) does not.
void reseller_requires_strong(Stack& stack) {
  stack.set_setting("morapi_Strong_Signatures", "1", 3);
}

}  // namespace

BOOST_AUTO_TEST_CASE(signed_request_succeeds_once_then_is_replayed) {
  Stack stack(1);
  reseller_requires_strong(stack);
  const Signed s = reseller_did("37060000001");
  BOOST_TEST(stack.send(s.request()).body == did_created("100"));
  BOOST_TEST(stack.rows("SELECT did, provider_id, reseller_id FROM dids WHERE id = 100") ==
             (Rows{{"37060000001", "2", "3"}}));
  BOOST_TEST(stack.rows("SELECT owner_id, nonce, usable_until - " + s.timestamp +
                        " FROM morapi_nonces") == (Rows{{"3", s.nonce, "300"}}));
  // The same request again, byte for byte: refused before anything runs.
  BOOST_TEST(stack.send(s.request()).body == page_error("Request replayed"));
  BOOST_TEST(dids(stack) == "2");
  // The same nonce for another DID is still the same nonce.
  Signed other = reseller_did("37060000002");
  other.nonce = s.nonce;
  BOOST_TEST(stack.send(other.request()).body == page_error("Request replayed"));
  BOOST_TEST(dids(stack) == "2");
}

BOOST_AUTO_TEST_CASE(every_tampered_field_is_an_incorrect_signature_and_changes_nothing) {
  Stack stack(1);
  reseller_requires_strong(stack);
  const Signed s = reseller_did("37060000033");
  const std::string good = hmac_sha256(s.key, s.canonical());
  std::vector<FcgiRequest> tampered;
  auto with = [&](auto change) {
    FcgiRequest r = s.request(good);
    change(r);
    tampered.push_back(r);
  };
  with(
      [&](FcgiRequest& r) { r.headers["X-Morapi-Timestamp"] = std::to_string(time(nullptr) + 1); });
  with([&](FcgiRequest& r) { r.headers["X-Morapi-Nonce"] += "x"; });
  with([&](FcgiRequest& r) { r.headers["X-Morapi-Signature"][10] ^= 1; });
  with([&](FcgiRequest& r) { r.headers["X-Morapi-Signature"] = std::string(64, '0'); });
  with([&](FcgiRequest& r) {
    for (char& c : r.headers["X-Morapi-Signature"]) c = static_cast<char>(std::toupper(c));
  });
  with([&](FcgiRequest& r) { r.headers.erase("X-Morapi-Signature"); });
  with([&](FcgiRequest& r) { r.headers.erase("X-Morapi-Timestamp"); });
  with([&](FcgiRequest& r) { r.headers.erase("X-Morapi-Nonce"); });
  with([&](FcgiRequest& r) { r.headers["X-Morapi-Nonce"] = "short"; });
  with([&](FcgiRequest& r) { r.headers["X-Morapi-Timestamp"] = "-" + s.timestamp; });
  with([&](FcgiRequest& r) {
    r.uri = "/billing/api/did_create?u=user&did=37060000004&provider_id=2";
  });
  with([&](FcgiRequest& r) {
    r.uri = "/billing/api/did_create?u=user&did=37060000033&provider_id=1";
  });
  // An unsigned parameter added (did_create's comment, which MOR's hash never covers).
  with([&](FcgiRequest& r) { r.uri += "&comment=changed"; });
  with([&](FcgiRequest& r) {
    r.uri = "/billing/api/did_create?u=user_reseller&did=37060000033&provider_id=2";
  });
  with([&](FcgiRequest& r) {
    r.method = "POST";
    r.content_type = "application/x-www-form-urlencoded";
  });
  for (const FcgiRequest& r : tampered) {
    BOOST_TEST(stack.send(r).body == page_error("Incorrect signature"), r.uri);
  }
  BOOST_TEST(dids(stack) == "1");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_nonces") == "0");
  // Rate-limited as `Incorrect hash` is: at most one row a second, with MOR's columns.
  BOOST_TEST(std::stoi(signature_errors(stack)) >= 1);
  BOOST_TEST(
      stack.rows("SELECT user_id, data2, data3 FROM actions WHERE data = 'API : Incorrect "
                 "signature' ORDER BY id LIMIT 1") ==
      (Rows{{"-1", "/billing/api/did_create?u=user&did=37060000033&provider_id=2", "127.0.0.1"}}));
  // Untampered, it works (nothing above used its nonce up).
  BOOST_TEST(stack.send(s.request(good)).body == did_created("100"));
}

BOOST_AUTO_TEST_CASE(timestamps_out_of_the_window_are_expired_and_use_no_nonce) {
  Stack stack(1, {"--signature_window=120"});
  reseller_requires_strong(stack);
  for (const long offset : {-3600L, -125L, 125L, 3600L}) {
    Signed s = reseller_did("37060000005");
    s.timestamp = std::to_string(time(nullptr) + offset);
    BOOST_TEST(stack.send(s.request()).body == page_error("Request expired"), offset);
    // The same nonce, in time: not used up by the expired one.
    s.timestamp = std::to_string(time(nullptr) + offset / 60);
    const auto answer = stack.send(s.request()).body;
    BOOST_TEST((answer == did_created("100") || answer == page_error("DID already exists")),
               offset);
  }
  BOOST_TEST(dids(stack) == "2");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM morapi_nonces") == "4");
  // A nonce whose row outlived its window (not purged yet) is usable again.
  stack.exec("UPDATE morapi_nonces SET usable_until = UNIX_TIMESTAMP() - 1");
  Signed again = reseller_did("37060000006");
  again.nonce = stack.scalar("SELECT nonce FROM morapi_nonces ORDER BY nonce LIMIT 1");
  BOOST_TEST(stack.send(again.request()).body == did_created("101"));
}

BOOST_AUTO_TEST_CASE(fields_as_parameters_for_clients_without_headers) {
  Stack stack(1);
  reseller_requires_strong(stack);
  const Signed s = reseller_did("37060000007");
  const std::string uri = "/billing/api/did_create?" + s.query() + "&morapi_ts=" + s.timestamp +
                          "&morapi_nonce=" + s.nonce +
                          "&morapi_signature=" + hmac_sha256(s.key, s.canonical());
  BOOST_TEST(stack.get(uri).body == did_created("100"));
  BOOST_TEST(stack.get(uri).body == page_error("Request replayed"));
}

BOOST_AUTO_TEST_CASE(only_the_callers_own_owner_key_signs) {
  Stack stack(1);
  reseller_requires_strong(stack);
  // The admin's key signs nothing for a reseller (MOR's SHA1 accepts it; strong ones do not).
  Signed s = reseller_did("37060000008");
  s.key = "secret";
  BOOST_TEST(stack.send(s.request()).body == page_error("Incorrect signature"));
  // A user of the reseller signs with the reseller's key; the admin with owner 0's.
  Signed user = reseller_did("37060000008");
  user.params[0].second = "user_reseller";
  BOOST_TEST(stack.send(user.request()).body == page_error("Access Denied"));  // a plain user
  Signed admin;
  admin.params = {{"u", "admin"}, {"did", "37060000009"}, {"provider_id", "1"}};
  admin.nonce = "admin-nonce-1";
  admin.key = "secret";
  BOOST_TEST(stack.send(admin.request()).body == did_created("100"));
  // Nonces are per owner: the reseller may use the admin's.
  Signed mine = reseller_did("37060000010");
  mine.nonce = admin.nonce;
  BOOST_TEST(stack.send(mine.request()).body == did_created("101"));
  // An empty key never matches, even an HMAC made with the empty key.
  stack.set_setting("API_Secret_Key", "", 3);
  Signed empty = reseller_did("37060000011");
  empty.key = "";
  BOOST_TEST(stack.send(empty.request()).body == page_error("Incorrect signature"));
  BOOST_TEST(dids(stack) == "3");
}

BOOST_AUTO_TEST_CASE(sha1_is_refused_where_strong_is_required_and_only_there) {
  Stack stack(1);
  reseller_requires_strong(stack);
  const auto sha1_did = [](const std::string& u, const std::string& provider,
                           const std::string& did, const std::string& secret) {
    return "/billing/api/did_create?u=" + u + "&did=" + did + "&provider_id=" + provider +
           "&hash=" + sha1(provider + did + secret);
  };
  BOOST_TEST(stack.get(sha1_did("user", "2", "370601", "secret3")).body ==
             page_error("Strong signature required"));
  BOOST_TEST(stack.get(sha1_did("user", "2", "370601", "secret")).body ==
             page_error("Strong signature required"));
  BOOST_TEST(stack.get("/billing/api/did_create?u=user&did=370601&provider_id=2").body ==
             page_error("Strong signature required"));
  // Hash checking off for the reseller does not switch strong signatures off.
  stack.set_setting("API_Disable_hash_checking", "1", 3);
  BOOST_TEST(stack.get(sha1_did("user", "2", "370601", "nothing")).body ==
             page_error("Strong signature required"));
  stack.exec("DELETE FROM conflines WHERE name = 'API_Disable_hash_checking'");
  // The admin's SHA1 clients still work.
  BOOST_TEST(stack.get(sha1_did("admin", "1", "370602", "secret")).body == did_created("100"));
  BOOST_TEST(dids(stack) == "2");
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM actions WHERE data = 'API : Strong signature "
                          "required'") != "0");

  // The other way round: owner 0 requires them, the reseller's own key is still SHA1.
  stack.set_setting("morapi_Strong_Signatures", "0", 3);
  stack.set_setting("morapi_Strong_Signatures", "1", 0);
  BOOST_TEST(stack.get(sha1_did("user", "2", "370603", "secret3")).body == did_created("101"));
  BOOST_TEST(stack.get(sha1_did("user", "2", "370604", "secret")).body ==
             page_error("Strong signature required"));
  BOOST_TEST(stack.get(sha1_did("user", "2", "370604", "wrong")).body ==
             page_error("Incorrect hash"));
  BOOST_TEST(stack.get(sha1_did("admin", "1", "370604", "secret")).body ==
             page_error("Strong signature required"));
  BOOST_TEST(dids(stack) == "3");
}

BOOST_AUTO_TEST_CASE(a_retry_with_the_same_idempotency_key_and_a_fresh_nonce_gets_the_answer) {
  Stack stack(1);
  reseller_requires_strong(stack);
  Signed s = reseller_did("37060000012");
  FcgiRequest first = s.request();
  first.headers["Idempotency-Key"] = "retry-key-1";
  BOOST_TEST(stack.send(first).body == did_created("100"));
  s.nonce += "-retry";
  FcgiRequest retry = s.request();
  retry.headers["Idempotency-Key"] = "retry-key-1";
  BOOST_TEST(stack.send(retry).body == did_created("100"));
  BOOST_TEST(dids(stack) == "2");
  // The same nonce is a replay whatever the key.
  retry.headers["Idempotency-Key"] = "retry-key-2";
  BOOST_TEST(stack.send(retry).body == page_error("Request replayed"));
}

BOOST_AUTO_TEST_CASE(the_same_signed_request_on_two_instances_at_once_runs_once) {
  Stack first(2);
  reseller_requires_strong(first);
  Stack second(2, {"--db_name=" + first.database()});
  constexpr int kRounds = 20;
  int created_count = 0;
  int replayed = 0;
  for (int i = 0; i < kRounds; ++i) {
    const Signed s = reseller_did("3706100" + std::to_string(1000 + i));
    const FcgiRequest request = s.request();
    auto a = std::async(std::launch::async, [&] { return first.send(request).body; });
    auto b = std::async(std::launch::async, [&] { return second.send(request).body; });
    for (const std::string& body : {a.get(), b.get()}) {
      if (body == page_error("Request replayed")) {
        ++replayed;
      } else if (body.find("<success>DID created</success>") != std::string::npos) {
        ++created_count;
      } else {
        BOOST_ERROR("unexpected answer: " << body);
      }
    }
  }
  BOOST_TEST(created_count == kRounds);
  BOOST_TEST(replayed == kRounds);
  BOOST_TEST(dids(first) == std::to_string(kRounds + 1));
  BOOST_TEST(first.scalar("SELECT COUNT(*) FROM morapi_nonces") == std::to_string(kRounds));
}

BOOST_AUTO_TEST_CASE(expired_nonces_are_purged) {
  Stack stack(1);
  stack.exec(
      "INSERT INTO morapi_nonces (owner_id, nonce, usable_until, claim) VALUES "
      "(3, 'old-nonce-1', UNIX_TIMESTAMP() - 10, REPEAT('a', 32)), "
      "(3, 'new-nonce-1', UNIX_TIMESTAMP() + 300, REPEAT('b', 32))");
  // A worker purges within about 90 s of its start; a fresh one purges at once.
  Stack restarted(1, {"--db_name=" + stack.database()});
  BOOST_TEST(wait_until([&] { return stack.scalar("SELECT COUNT(*) FROM morapi_nonces") == "1"; },
                        std::chrono::seconds(10)));
  BOOST_TEST(stack.scalar("SELECT nonce FROM morapi_nonces") == "new-nonce-1");
}
