#include "util/pin_space.hpp"

#include <limits>

namespace morapi {

bool pin_space_allows(int64_t used, int64_t range, int pin_length) {
  // 20% of 10^L is 2 * 10^(L-1); of a space of one PIN (L = 0), not a single card.
  if (pin_length < 1) return false;
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  uint64_t fifth = 2;
  for (int i = 1; i < pin_length; ++i) {
    // The true fifth exceeds kMax, and two non-negative 64-bit counts add up to less.
    if (fifth > kMax / 10) return true;
    fifth *= 10;
  }
  const auto in_use = static_cast<uint64_t>(used < 0 ? 0 : used);
  const auto wanted = static_cast<uint64_t>(range < 0 ? 0 : range);
  return in_use <= fifth && wanted <= fifth - in_use;
}

}  // namespace morapi
