#pragma once
#include <string>

#include "api/context.hpp"
#include "api/routes.hpp"
#include "outcome/ledger.hpp"

namespace morapi::api {

// Runs the method of a caller that passed its checks, at most once per request id (SPEC 5):
// a key seen before gets the answer stored then; otherwise the method runs and its transaction
// stores its answer under the key (the ledger does that inside Database::transact).
// outcome::KeyRefused when the key is invalid or was used with other parameters.
std::string answer_once(ApiContext& ctx, const Endpoint& endpoint, const auth::User& caller,
                        outcome::RequestLedger& ledger);

}  // namespace morapi::api
