#include "util/random_digits.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace morapi {

unsigned char RandomDigits::take() {
  if (used_ == sizeof(buffer_)) {
    if (RAND_bytes(buffer_, sizeof(buffer_)) != 1) {
      throw std::runtime_error("OpenSSL's random generator failed");
    }
    used_ = 0;
  }
  return buffer_[used_++];
}

std::string RandomDigits::next(size_t count) {
  std::string digits(count, '0');
  for (char& digit : digits) {
    unsigned char byte;
    do {
      byte = take();
    } while (byte >= 250);  // 250 = 25 * 10: rejecting the rest keeps every digit equally likely
    digit = static_cast<char>('0' + byte % 10);
  }
  return digits;
}

}  // namespace morapi
