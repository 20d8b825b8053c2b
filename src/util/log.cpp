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

// A valid UTF-8 character of `len` bytes at text[i] that a log line must not hold: C0 and C1
// controls, line and paragraph separators (they end lines in some viewers), and the invisible
// format characters that reorder or hide text on screen (bidirectional marks, embeddings,
// overrides and isolates, zero-width characters, the BOM), so a line reads as it was written.
bool is_control(std::string_view text, size_t i, size_t len) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (len == 1) return byte(0) < 0x20 || byte(0) == 0x7f;
  if (len == 2) {
    const unsigned code = (byte(0) & 0x1Fu) << 6 | (byte(1) & 0x3Fu);
    return code <= 0x9F || code == 0x61C;  // C1: U+0080..U+009F; ARABIC LETTER MARK
  }
  if (len != 3) return false;
  const unsigned code = (byte(0) & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6 | (byte(2) & 0x3Fu);
  return (code >= 0x200B && code <= 0x200F) || (code >= 0x2028 && code <= 0x202E) ||
         (code >= 0x2060 && code <= 0x2069) || code == 0xFEFF;
}

}  // namespace

std::string clean(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t len = utf8_sequence_length(text, i);
    if (len == 0 || is_control(text, i, len)) {
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
