#pragma once
#include <string>
#include <string_view>

namespace morapi::log {

// Levels by cause: warn = bad data from outside, error = should never happen, fail = cannot go on.
enum class Level { debug = 0, info = 1, warn = 2, error = 3, fail = 4 };

void set_level(Level level);
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);
// One line to stderr, with time and pid; a single write() so lines of workers never interleave.
// The message goes through clean(): whatever client text it quotes, it stays one line.
void write(Level level, std::string_view message);

// The one filter for text that reaches a log line (SPEC §6): every character that could end a
// line or drive a terminal (C0 controls, DEL, C1 controls, U+2028/U+2029) and every byte that is
// not valid UTF-8 becomes '?'.
std::string clean(std::string_view text);
// A space-separated field of the request line: clean(), spaces become '?' too (no forged
// fields), at most 64 bytes of the client's text, "-" when empty.
std::string field(std::string_view text);

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
