#include "util/log.hpp"

#include <unistd.h>

#include <atomic>
#include <ctime>
#include <string>

namespace morapi::log {
namespace {

std::atomic<Level> g_level{Level::info};

constexpr std::string_view kNames[] = {"debug", "info", "warn", "error", "fail"};

}  // namespace

void set_level(Level level) {
  g_level = level;
}

bool parse_level(std::string_view text, Level& out) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (text == kNames[i]) {
      out = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

bool enabled(Level level) {
  return level >= g_level.load();
}

void write(Level level, std::string_view message) {
  if (!enabled(level)) return;
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string line;
  line.reserve(message.size() + 48);
  line.append(stamp).append(" [").append(std::to_string(getpid())).append("] ");
  line.append(kNames[static_cast<int>(level)]).append(" ").append(message).append("\n");
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace morapi::log
