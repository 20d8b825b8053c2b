#pragma once
#include <string_view>

namespace morapi::log {

// Levels by cause: warn = bad data from outside, error = should never happen, fail = cannot go on.
enum class Level { debug = 0, info = 1, warn = 2, error = 3, fail = 4 };

void set_level(Level level);
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);
// One line to stderr, with time and pid; a single write() so lines of workers never interleave.
void write(Level level, std::string_view message);

inline void debug(std::string_view m) {
  write(Level::debug, m);
}
inline void info(std::string_view m) {
  write(Level::info, m);
}
inline void warn(std::string_view m) {
  write(Level::warn, m);
}
inline void error(std::string_view m) {
  write(Level::error, m);
}
inline void fail(std::string_view m) {
  write(Level::fail, m);
}

}  // namespace morapi::log
