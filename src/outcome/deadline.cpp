#include "outcome/deadline.hpp"

#include <cctype>

#include "util/log.hpp"

namespace morapi::outcome {
namespace {

using std::chrono::milliseconds;

// One loud line every few seconds per worker is enough to be seen, and cannot flood the log.
void report_clock_skew(milliseconds ahead) {
  static Clock::time_point last_report{};
  const auto now = Clock::now();
  if (now - last_report < std::chrono::seconds(10)) return;
  last_report = now;
  log::fail("CLOCK SKEW: nginx received a request " + std::to_string(ahead.count()) +
            " ms in the future of this host's clock; synchronize the clocks (NTP) of the nginx "
            "and morapi hosts, or deadlines are wrong");
}

}  // namespace

long long parse_msec(const std::string& text) {
  long long seconds = 0;
  size_t i = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    if (i >= 12) return -1;
    seconds = seconds * 10 + (text[i] - '0');
  }
  if (i == 0) return -1;
  long long millis = 0;
  if (i < text.size()) {
    if (text[i] != '.') return -1;
    int digits = 0;
    for (++i; i < text.size(); ++i, ++digits) {
      if (!std::isdigit(static_cast<unsigned char>(text[i])) || digits >= 3) return -1;
      millis = millis * 10 + (text[i] - '0');
    }
    if (digits == 0) return -1;
    for (; digits < 3; ++digits) millis *= 10;
  }
  return seconds * 1000 + millis;
}

Clock::time_point request_deadline(const Request& request, std::chrono::seconds budget,
                                   milliseconds skew_tolerance) {
  const auto now = Clock::now();
  Clock::duration age{0};
  const long long received_ms = parse_msec(request.received_at);
  if (received_ms >= 0) {
    const auto wall_now = std::chrono::duration_cast<milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const milliseconds wall_age = wall_now - milliseconds(received_ms);
    if (wall_age < -skew_tolerance) report_clock_skew(-wall_age);
    if (wall_age > milliseconds(0)) age = wall_age;
  } else {
    if (!request.received_at.empty()) {
      log::warn("MORAPI_RECEIVED_AT is not a time: " + log::field(request.received_at));
    }
    if (request.accepted_at) age = now - *request.accepted_at;
  }
  return now - age + budget;
}

}  // namespace morapi::outcome
