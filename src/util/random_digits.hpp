#pragma once
#include <string>

namespace morapi {

// Uniformly random decimal digits from OpenSSL's cryptographic generator (PINs are secrets).
// Buffers random bytes so that a batch of a million PINs costs few calls into OpenSSL.
class RandomDigits {
 public:
  std::string next(size_t count);

 private:
  unsigned char take();

  unsigned char buffer_[4096];
  size_t used_ = sizeof(buffer_);
};

}  // namespace morapi
