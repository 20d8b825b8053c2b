#include "api/answer_once.hpp"

#include "outcome/request_key.hpp"

namespace morapi::api {

std::string answer_once(ApiContext& ctx, const Endpoint& endpoint, const auth::User& caller,
                        outcome::RequestLedger& ledger) {
  ledger.identify(caller.id(), outcome::request_key(ctx.request.idempotency_key, ctx.params));
  // Past its deadline a request runs nothing, but a copy of one that committed (a client's retry,
  // nginx's re-send) is told what that one did, not "not applied".
  if (outcome::Clock::now() >= ledger.deadline()) {
    if (auto stored = ledger.stored_answer_when_late()) return *stored;
    throw db::DeadlinePassed();
  }
  if (auto stored = ledger.stored_answer(false)) return *stored;
  try {
    return endpoint.method(ctx, caller);
  } catch (const db::DeadlinePassed&) {
    if (auto stored = ledger.stored_answer_when_late()) return *stored;
    throw;
  } catch (const ApiError&) {
    // The error may be the work of an earlier request with the same key (the DID it created
    // exists now): that request's answer is this one's. Otherwise nothing changed.
    if (auto stored = ledger.stored_answer(true)) return *stored;
    throw;
  } catch (const outcome::KeyTaken&) {
    // Another request with this key committed while this one ran, on this host or another;
    // this one was rolled back.
    if (auto stored = ledger.stored_answer(true)) return *stored;
    // No live answer: the key's old row outlived its lifetime unpurged. Free it and run again.
    ledger.forget_expired_keys();
    return endpoint.method(ctx, caller);
  }
}

}  // namespace morapi::api
