#pragma once

#include <string>
#include <string_view>

namespace morapi::testing {

// A private directory under /tmp (morapi-test-XXXXXX), removed with everything in it when the
// object dies. Set MORAPI_KEEP_TMP to keep it for a post-mortem look at logs and sockets.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string file(std::string_view name) const;

 private:
  void remove() noexcept;

  std::string path_;
};

}  // namespace morapi::testing
