#include "util/drawn_pins.hpp"

#include <algorithm>

namespace morapi {
namespace {

// PINs are digits of one length in a batch, so their values tell them apart (leading zeros
// included); 19 digits always fit in 64 bits.
constexpr size_t kMaxDigits = 19;

// A PIN's digits are uniformly random: a multiplicative hash spreads them over the table.
size_t slot_of(uint64_t value, size_t mask) {
  return static_cast<size_t>((value * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
}

}  // namespace

DrawnPins::DrawnPins(int64_t expected) {
  const auto wanted = static_cast<size_t>(std::clamp<int64_t>(expected, 0, kMaxRemembered));
  size_t size = 16;
  while (size < 2 * wanted) size *= 2;
  slots_.assign(size, kEmpty);
}

bool DrawnPins::first_time(std::string_view pin) {
  if (pin.empty() || pin.size() > kMaxDigits) return true;
  uint64_t value = 0;
  for (char digit : pin) value = value * 10 + static_cast<uint64_t>(digit - '0');
  const size_t mask = slots_.size() - 1;
  for (size_t i = slot_of(value, mask);; i = (i + 1) & mask) {
    if (slots_[i] == value) return false;
    if (slots_[i] == kEmpty) {
      // Full (half the table): not remembered, the database's unique key still catches it.
      if (2 * (count_ + 1) > slots_.size()) return true;
      slots_[i] = value;
      ++count_;
      return true;
    }
  }
}

}  // namespace morapi
