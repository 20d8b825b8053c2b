#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace morapi {

// The PINs one calling_cards_create batch has drawn, so that it does not draw one twice. Without
// it, a million 8-digit PINs collide with the batch's own earlier ones about 5,000 times, and
// every collision costs the database a skipped row, a read-back of its chunk and another INSERT
// (measured: 4 s more database time over the million, bench/run.sh). Only an optimization: the
// unique key still decides, so PINs of other batches, and PINs past the memory's capacity or
// longer than 19 digits, are caught by the database as before.
class DrawnPins {
 public:
  // Room for `expected` PINs, at most kMaxRemembered (16 bytes each at most).
  explicit DrawnPins(int64_t expected);

  // False when this batch drew `pin` before; true (and remembered, when there is room) otherwise.
  bool first_time(std::string_view pin);

  static constexpr int64_t kMaxRemembered = 2'000'000;

 private:
  static constexpr uint64_t kEmpty = UINT64_MAX;
  std::vector<uint64_t> slots_;  // open addressing, a power of two, at most half full
  size_t count_ = 0;
};

}  // namespace morapi
