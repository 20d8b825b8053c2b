#include "util/log.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "util/shared_memory.hpp"
#include "util/utf8.hpp"

namespace morapi::log {
namespace {

std::atomic<Level> g_level{Level::info};
std::atomic<Format> g_format{Format::plain};
bool g_journal = false;

constexpr std::string_view kNames[] = {"debug", "info", "warn", "error", "fail"};
constexpr size_t kMaxField = 64;

// A character a log line must not hold: C0 controls, DEL and C1 controls, line and paragraph
// separators (they end lines in some viewers), and the invisible format characters that reorder
// or hide text on screen (bidirectional marks, embeddings, overrides and isolates, zero-width
// characters, the BOM), so a line reads as it was written.
bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x61C || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}

// sd-daemon(3)'s priorities: debug 7, info 6, warning 4, err 3, crit 2.
constexpr char kPriorities[] = {'7', '6', '4', '3', '2'};
constexpr std::string_view kFormats[] = {"plain", "json"};

std::string time_stamp() {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return stamp;
}

// A JSON string of text that clean() made valid UTF-8 without controls: only `"` and `\` are
// left to escape.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

// The line's beginning, up to its own fields: `<N>` under journald, then the time, pid and level
// (plain) or the first members of the object (json).
std::string line_start(Level level) {
  std::string line;
  line.reserve(160);
  if (g_journal) line.append("<").append(1, kPriorities[static_cast<int>(level)]).append(">");
  const std::string_view name = kNames[static_cast<int>(level)];
  if (g_format.load() == Format::json) {
    line.append("{\"time\":\"").append(time_stamp()).append("\",\"level\":\"");
    line.append(name).append("\",\"pid\":").append(std::to_string(getpid()));
  } else {
    line.append(time_stamp()).append(" [").append(std::to_string(getpid())).append("] ");
    line.append(name).append(" ");
  }
  return line;
}

void emit(std::string& line) {
  line += g_format.load() == Format::json ? "}\n" : "\n";
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

// The enum value whose name (its index in `names`) is `text`.
template <class Enum, size_t N>
bool parse_name(const std::string_view (&names)[N], std::string_view text, Enum& out) {
  for (size_t i = 0; i < N; ++i) {
    if (text == names[i]) {
      out = static_cast<Enum>(i);
      return true;
    }
  }
  return false;
}

struct RepeatedCount {
  std::atomic<int64_t> second{0};  // the last second that had its line
  std::atomic<int64_t> left_out{0};
};
using RepeatedCounts = std::array<RepeatedCount, static_cast<size_t>(Repeated::kinds)>;
RepeatedCounts g_own_counts;
RepeatedCounts* g_counts = &g_own_counts;

}  // namespace

std::string clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t len = utf8_sequence_length(text, i);
    if (len == 0 || is_control(utf8_code_point(text, i, len))) {
      out += '?';
      i += len == 0 ? 1 : len;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string field(std::string_view text) {
  std::string out = clean(text.substr(0, kMaxField));
  for (char& c : out) {
    if (c == ' ') c = '?';
  }
  return out.empty() ? "-" : out;
}

void set_level(Level level) {
  g_level = level;
}

bool parse_level(std::string_view text, Level& out) {
  return parse_name(kNames, text, out);
}

bool enabled(Level level) {
  return level >= g_level.load();
}

void set_format(Format format) {
  g_format = format;
}

bool parse_format(std::string_view text, Format& out) {
  return parse_name(kFormats, text, out);
}

void detect_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  unsigned long long device = 0, inode = 0;
  struct stat info {};
  g_journal = stream && std::sscanf(stream, "%llu:%llu", &device, &inode) == 2 &&
              fstat(STDERR_FILENO, &info) == 0 && info.st_dev == device && info.st_ino == inode;
}

void write(Level level, std::string_view message) {
  if (!enabled(level)) return;
  std::string line = line_start(level);
  if (g_format.load() == Format::json) {
    line.append(",\"message\":");
    append_json_string(line, clean(message));
  } else {
    line.append(clean(message));
  }
  emit(line);
}

void request(const RequestLine& r) {
  if (!enabled(Level::info)) return;
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.2f", r.duration_ms);
  std::string line = line_start(Level::info);
  if (g_format.load() == Format::json) {
    const auto member = [&line](const char* name, std::string_view value) {
      line.append(",\"").append(name).append("\":");
      append_json_string(line, clean(value.substr(0, kMaxField)));
    };
    member("http_method", r.http_method);
    member("method", r.method);
    line.append(",\"status\":").append(std::to_string(r.status));
    line.append(",\"duration_ms\":").append(duration);
    member("caller", r.caller);
    member("client", r.client);
    member("request_id", r.request_id);
  } else {
    line.append(field(r.http_method)).append(" ").append(field(r.method)).append(" ");
    line.append(std::to_string(r.status)).append(" ").append(duration).append("ms u=");
    line.append(field(r.caller)).append(" ").append(field(r.client));
  }
  emit(line);
}

void write_repeated(Repeated kind, Level level, std::string_view message) {
  if (!enabled(level)) return;
  RepeatedCount& count = (*g_counts)[static_cast<size_t>(kind)];
  const int64_t now = std::time(nullptr);
  int64_t last = count.second.load();
  // One process wins each second; the others only count.
  if (last == now || !count.second.compare_exchange_strong(last, now)) {
    count.left_out.fetch_add(1);
    return;
  }
  const int64_t left_out = count.left_out.exchange(0);
  if (left_out == 0) return write(level, message);
  write(level, std::string(message) + " (and " + std::to_string(left_out) +
                   " more like it since the last such line)");
}

void share_repeated_counts() {
  // Without the mapping each process counts alone: still bounded per process.
  if (RepeatedCounts* shared = make_shared_between_forks<RepeatedCounts>()) g_counts = shared;
}

}  // namespace morapi::log
