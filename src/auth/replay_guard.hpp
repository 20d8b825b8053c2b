#pragma once
#include <cstdint>

#include "auth/signature.hpp"
#include "db/database.hpp"

namespace morapi::auth {

enum class NonceUse { fresh, expired, replayed };

// Uses up a verified request's nonce for `owner`: `fresh` once, then `replayed` for as long as
// its timestamp is within `window` seconds of the database server's clock (`expired` after, or
// before, without using it). The database's primary key decides, so it holds across hosts; a
// nonce whose row outlived its window is usable again.
NonceUse use_nonce(db::Database& database, int64_t owner, const StrongFields& fields, int window);

}  // namespace morapi::auth
