#pragma once
#include <string>

namespace morapi::server {

// The master's pid in a file (config pid_file; nothing when the path is empty), for scripts.
// Removed when this object goes, but only if it still holds this process's pid: a morapi that
// took the socket path over later may have written its own.
class PidFile {
 public:
  // Throws std::runtime_error when the file cannot be written.
  explicit PidFile(std::string path);
  ~PidFile();
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;

 private:
  std::string path_;
  std::string content_;
};

}  // namespace morapi::server
