#pragma once
#include <string>
#include <string_view>

namespace morapi::auth {

// Lowercase hex of `size` bytes.
std::string hex(const unsigned char* bytes, size_t size);
// Lowercase hex SHA1, as MOR stores passwords and builds request hashes.
std::string sha1_hex(std::string_view data);
// Lowercase hex SHA-256 (request fingerprints).
std::string sha256_hex(std::string_view data);
// Compares without an early exit, so the time taken does not tell how much of a hash was right.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace morapi::auth
