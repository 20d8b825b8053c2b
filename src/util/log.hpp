#pragma once
#include <string>
#include <string_view>

namespace morapi::log {

// Levels by cause: warn = bad data from outside, error = should never happen, fail = cannot go on.
enum class Level { debug = 0, info = 1, warn = 2, error = 3, fail = 4 };

// plain: `TIME [PID] LEVEL message` (the default); json: one JSON object a line, for shippers.
enum class Format { plain, json };

void set_level(Level level);
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);
void set_format(Format format);
bool parse_format(std::string_view text, Format& out);
// Under systemd, when stderr is the journal ($JOURNAL_STREAM names it, systemd.exec(5)), every
// line starts with its syslog priority, `<6>` for info and so on (sd-daemon(3)): journald takes
// the level from it. On a terminal or a file nothing changes. Called once at start.
void detect_journal();
// One line to stderr, with time and pid; a single write() so lines of workers never interleave.
// The message goes through clean(): whatever client text it quotes, it stays one line.
void write(Level level, std::string_view message);

// A served request's line (info): every field goes through clean(); the plain format keeps its
// shape `HTTP-METHOD METHOD STATUS DURATIONms u=CALLER CLIENT`.
struct RequestLine {
  std::string_view http_method;
  std::string_view method;
  int status = 0;
  double duration_ms = 0;
  std::string_view caller;
  std::string_view client;
  std::string_view request_id;  // nginx's $request_id, empty without nginx
};
void request(const RequestLine& line);

// Messages that come with every request while something is down (the database): at most one
// line a second for the whole host, saying how many were left out since the last one.
enum class Repeated { database_unavailable, database_reconnect, kinds };
void write_repeated(Repeated kind, Level level, std::string_view message);
// Makes write_repeated's counts shared by every process forked after this (the master calls it
// before it forks its workers); without it each process counts alone.
void share_repeated_counts();

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
