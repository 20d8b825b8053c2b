#include "support/temp_dir.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>
#include <vector>

namespace morapi::testing {

TempDir::TempDir() {
  std::string pattern = "/tmp/morapi-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error(std::string("mkdtemp failed: ") + std::strerror(errno));
  }
  path_ = buffer.data();
  // mkdtemp makes it 0700; nginx workers do not run as root and must reach sockets and files
  // in here.
  if (::chmod(path_.c_str(), 0755) != 0) {
    int error = errno;
    remove();
    throw std::runtime_error("chmod " + path_ + " failed: " + std::strerror(error));
  }
}

TempDir::~TempDir() {
  remove();
}

TempDir::TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::exchange(other.path_, {});
  }
  return *this;
}

std::string TempDir::file(std::string_view name) const {
  return path_ + "/" + std::string(name);
}

void TempDir::remove() noexcept {
  if (path_.empty() || std::getenv("MORAPI_KEEP_TMP") != nullptr) return;
  std::error_code ignored;  // A destructor must not throw; a leftover directory is harmless.
  std::filesystem::remove_all(path_, ignored);
  path_.clear();
}

}  // namespace morapi::testing
