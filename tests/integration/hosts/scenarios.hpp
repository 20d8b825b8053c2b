#pragma once
// What the hosts and galera tests (issue 10) do on two app hosts: a load split across them, and
// requests raced on both at once. Each checks its answers and the database itself.
#include <map>
#include <string>

#include "faults/check.hpp"
#include "hosts/app_host.hpp"
#include "support/nginx.hpp"

namespace morapi::testing::hosts {

// The faults' mixed load split three ways: through nginx, and straight to each host over
// FastCGI.
faults::Sender split_sender(const Nginx& nginx, const AppHost& a, const AppHost& b);

// The same 40 DIDs and 40 CLIs sent to hosts a and b (host:port) at once: each is created once,
// and the other request is told it exists.
void race_dids_and_clis(Stack& stack, const std::string& a, const std::string& b);
// One idempotency key sent to both hosts at once (30 top-ups): applied once, both answers the
// same success. Amounts 1.91xx: counted by check_money.
void race_idempotency_keys(Stack& stack, const std::string& a, const std::string& b);
// The same strongly signed did_create of the reseller sent to both hosts at once (20 times):
// one creates the DID, the other is `Request
// replayed` (not `DID already exists`: the nonce decided, across hosts or Galera nodes).
void race_signed_nonces(Stack& stack, const std::string& a, const std::string& b);
// Two pairs of 1,000-card batches on both hosts at once (overlapping, then the same range):
// every number and PIN once, and the created counts add up to the cards there are (2,600).
void race_card_batches(Stack& stack, const std::string& a, const std::string& b);

// Requests nginx sent on to a second host, from its access log, by the first host's status:
// 502 (connection refused or reset), 504 (timed out).
std::map<std::string, int> resent_by_nginx(const Nginx& nginx);

}  // namespace morapi::testing::hosts
