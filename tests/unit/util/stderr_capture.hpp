#pragma once
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace morapi::testing {

// What `write` puts on stderr, with stderr a temporary file while it runs; `before` runs with
// that file as stderr, before `write` (e.g. to name it in $JOURNAL_STREAM).
inline std::string captured_stderr(const std::function<void()>& write,
                                   const std::function<void(int file)>& before = {}) {
  char path[] = "/tmp/morapi-log-XXXXXX";
  const int file = mkstemp(path);
  const int saved = dup(STDERR_FILENO);
  dup2(file, STDERR_FILENO);
  if (before) before(file);
  write();
  dup2(saved, STDERR_FILENO);
  close(saved);
  close(file);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::remove(path);
  return text.str();
}

}  // namespace morapi::testing
