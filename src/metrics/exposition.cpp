// The board in Prometheus' text format 0.0.4 (https://prometheus.io/docs/instrumenting/
// exposition_formats/): HELP and TYPE once per metric, then its samples; label values are fixed
// names here, so nothing needs escaping.
#include <cstdio>

#include "metrics/scoreboard.hpp"

namespace morapi::metrics {
namespace {

void head(std::string& out, const char* name, const char* type, const char* help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void sample(std::string& out, std::string_view name, std::string_view labels, uint64_t value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(std::to_string(value)).append("\n");
}

std::string label(const char* name, std::string_view value) {
  return std::string(name) + "=\"" + std::string(value) + "\"";
}

std::string status_text(size_t i) {
  return kStatuses[i] == 0 ? "other" : std::to_string(kStatuses[i]);
}

std::string bound_text(double bound) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", bound);
  return text;
}

uint64_t get(const std::atomic<uint64_t>& counter) {
  return counter.load(std::memory_order_relaxed);
}

}  // namespace

std::string exposition(const Board& board, std::string_view version) {
  std::string out;
  out.reserve(16384);
  head(out, "morapi_requests_total", "counter",
       "Requests answered, by API method and HTTP status.");
  for (size_t m = 0; m < kMethods.size(); ++m) {
    for (size_t s = 0; s < kStatuses.size(); ++s) {
      const uint64_t n = get(board.requests[m][s]);
      // Only what happened: a zero for every pair would be 88 lines of noise.
      if (n)
        sample(out, "morapi_requests_total",
               label("method", kMethods[m]) + "," + label("status", status_text(s)), n);
    }
  }
  head(out, "morapi_request_duration_seconds", "histogram",
       "Time from accepting a request to its answer, by API method.");
  for (size_t m = 0; m < kMethods.size(); ++m) {
    const Histogram& h = board.durations[m];
    const uint64_t count = get(h.count);
    if (!count) continue;
    const std::string method = label("method", kMethods[m]);
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      sample(out, "morapi_request_duration_seconds_bucket",
             method + "," + label("le", bound_text(kBuckets[i])), get(h.buckets[i]));
    }
    sample(out, "morapi_request_duration_seconds_bucket", method + ",le=\"+Inf\"", count);
    char sum[48];
    std::snprintf(sum, sizeof sum, "%.6f", static_cast<double>(get(h.sum_us)) / 1e6);
    out.append("morapi_request_duration_seconds_sum{").append(method).append("} ");
    out.append(sum).append("\n");
    sample(out, "morapi_request_duration_seconds_count", method, count);
  }
  head(out, "morapi_db_retries_total", "counter", "Database transactions run again, by reason.");
  for (size_t r = 0; r < kRetryReasons.size(); ++r) {
    sample(out, "morapi_db_retries_total", label("reason", kRetryReasons[r]),
           get(board.retries[r]));
  }
  head(out, "morapi_outcome_unknown_total", "counter",
       "503 answers whose outcome is unknown (X-Morapi-Outcome: unknown): ask again with the "
       "same request id.");
  sample(out, "morapi_outcome_unknown_total", "", get(board.outcome_unknown));
  uint64_t idle = 0, busy = 0;
  for (const auto& slot : board.workers) {
    const auto state = static_cast<WorkerState>(slot.load(std::memory_order_relaxed));
    idle += state == WorkerState::idle;
    busy += state == WorkerState::busy;
  }
  head(out, "morapi_workers", "gauge", "Worker processes, by state.");
  sample(out, "morapi_workers", label("state", "idle"), idle);
  sample(out, "morapi_workers", label("state", "busy"), busy);
  head(out, "morapi_worker_restarts_total", "counter",
       "Workers started in place of one that exited unexpectedly.");
  sample(out, "morapi_worker_restarts_total", "", get(board.worker_restarts));
  head(out, "morapi_cards_created_total", "counter", "Cards created by calling_cards_create.");
  sample(out, "morapi_cards_created_total", "", get(board.cards_created));
  head(out, "morapi_failed_attempts_total", "counter",
       "Failed logins and hashes (Bad login, Incorrect hash, Incorrect signature, Strong signature "
       "required, Too many failed attempts).");
  sample(out, "morapi_failed_attempts_total", "", get(board.failed_attempts));
  head(out, "morapi_held_answers_total", "counter",
       "Answers to failures held back by the abuse limits before they went out.");
  sample(out, "morapi_held_answers_total", "", get(board.held_answers));
  head(out, "morapi_build_info", "gauge", "The running morapi's version.");
  sample(out, "morapi_build_info", label("version", version), 1);
  return out;
}

}  // namespace morapi::metrics
