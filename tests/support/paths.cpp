#include "support/paths.hpp"

#include <cstdlib>

// tests/CMakeLists.txt defines MORAPI_SOURCE_DIR and MORAPI_BINARY. Our own CMakeLists.txt
// always defines the *_DEFAULT_* fallbacks under different names, so whether the parent sets
// the real ones for the whole directory or only for some targets, nothing is defined twice.
#ifndef MORAPI_SOURCE_DIR
#define MORAPI_SOURCE_DIR MORAPI_DEFAULT_SOURCE_DIR
#endif
#ifndef MORAPI_BINARY
#define MORAPI_BINARY MORAPI_DEFAULT_BINARY
#endif

namespace morapi::testing {

namespace {

// An environment variable of the same name wins, so the same test binary can be pointed at
// another checkout or an installed morapi without rebuilding.
std::string from_env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

std::string source_dir() {
  return from_env_or("MORAPI_SOURCE_DIR", MORAPI_SOURCE_DIR);
}

std::string morapi_binary() {
  return from_env_or("MORAPI_BINARY", MORAPI_BINARY);
}

}  // namespace morapi::testing
