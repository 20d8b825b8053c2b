#include "util/log.hpp"

#include <unistd.h>

#include <atomic>
#include <ctime>
#include <string>

#include "util/utf8.hpp"

namespace morapi::log {
namespace {

std::atomic<Level> g_level{Level::info};

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
  line.append(kNames[static_cast<int>(level)]).append(" ").append(clean(message)).append("\n");
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace morapi::log
