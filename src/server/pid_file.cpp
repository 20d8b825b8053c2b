#include "server/pid_file.hpp"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace morapi::server {

PidFile::PidFile(std::string path) : path_(std::move(path)) {
  if (path_.empty()) return;
  content_ = std::to_string(getpid()) + "\n";
  std::ofstream out(path_, std::ios::trunc);
  out << content_;
  if (!out.flush()) throw std::runtime_error("pid_file: cannot write " + path_);
}

PidFile::~PidFile() {
  if (path_.empty()) return;
  std::ifstream in(path_);
  const std::string now((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (now == content_) unlink(path_.c_str());
}

}  // namespace morapi::server
