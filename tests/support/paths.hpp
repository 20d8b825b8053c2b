#pragma once

#include <string>

namespace morapi::testing {

// The checkout root (where sql/, deploy/ and nginx/ live).
std::string source_dir();

// The morapi binary under test. It need not exist when the support library is built.
std::string morapi_binary();

}  // namespace morapi::testing
