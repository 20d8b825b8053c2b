#pragma once
#include <cstdint>

namespace morapi {

// MOR's PIN space rule (SPEC §4.1): the cards already using PINs of this length (`used`, of any
// card group) plus the whole range (`range`, its existing numbers included) may take at most 20%
// of the 10^pin_length PINs, so that a random free PIN takes few draws. Exact for any length:
// from 20 digits on, that fifth is more than any two 64-bit counts add up to.
bool pin_space_allows(int64_t used, int64_t range, int pin_length);

}  // namespace morapi
