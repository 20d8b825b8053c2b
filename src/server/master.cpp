#include "server/master.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <map>
#include <memory>

#include "auth/limits.hpp"
#include "config/config.hpp"
#include "db/database.hpp"
#include "db/schema_check.hpp"
#include "metrics/scoreboard.hpp"
#include "server/listen_socket.hpp"
#include "server/pid_file.hpp"
#include "server/worker.hpp"
#include "util/log.hpp"

// A sanitizer build (MORAPI_SANITIZE, deploy/test.sh's build-asan) has LeakSanitizer.
#if defined(__SANITIZE_ADDRESS__)
#define MORAPI_HAS_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MORAPI_HAS_LSAN 1
#endif
#endif
#ifdef MORAPI_HAS_LSAN
#include <sanitizer/lsan_interface.h>
#endif

namespace morapi::server {
namespace {

// The log level and format of a configuration (validated by load_config).
void use_log_settings(const Config& config) {
  log::Level level;
  if (log::parse_level(config.log_level, level)) log::set_level(level);
  log::Format format;
  if (log::parse_format(config.log_format, format)) log::set_format(format);
}

using Clock = std::chrono::steady_clock;

// A worker ends with _exit, which skips the exit hook where LeakSanitizer looks for leaks: in a
// sanitizer build a stopping worker checks itself first (a leak is reported and fails the run).
void check_leaks_before_exit() {
#ifdef MORAPI_HAS_LSAN
  __lsan_do_leak_check();
#endif
}

constexpr auto kStopGrace = std::chrono::seconds(60);    // then SIGKILL
constexpr auto kRespawnPause = std::chrono::seconds(1);  // a worker that dies at once
constexpr int kSignals[] = {SIGTERM, SIGQUIT, SIGINT, SIGHUP, SIGCHLD};

void on_child(int) {}  // SIGCHLD must not be ignored, or it would never be pending

struct WorkerInfo {
  int generation;
  Clock::time_point started;
  size_t slot;  // its place on the metrics board
};

class Master {
 public:
  Master(std::vector<std::string> args, Config config, int listen_fd)
      : args_(std::move(args)), config_(std::move(config)), listen_fd_(listen_fd) {}

  int run() {
    spawn_all();
    // Type=notify: systemd counts the service as started once its workers are forked.
    sd_notifyf(0, "READY=1\nSTATUS=%d workers\nMAINPID=%d", config_.workers,
               static_cast<int>(getpid()));
    sigset_t set;
    sigemptyset(&set);
    for (const int sig : kSignals) sigaddset(&set, sig);
    while (!(stopping_ && workers_.empty())) {
      const timespec tick{1, 0};
      const int sig = sigtimedwait(&set, nullptr, &tick);
      if (sig == SIGHUP && !stopping_) reload();
      if ((sig == SIGTERM || sig == SIGQUIT || sig == SIGINT) && !stopping_) begin_stop();
      reap();
      if (stopping_ && Clock::now() > stop_deadline_) kill_all(SIGKILL);
      if (!stopping_) respawn_missing();
    }
    log::info("morapi stopped");
    return 0;
  }

 private:
  void spawn() {
    const pid_t pid = fork();
    if (pid < 0) {
      log::error("fork failed");
      return;
    }
    const size_t slot = free_slot();
    if (pid == 0) {
      metrics::set_worker_slot(slot);
      const int code = run_worker(listen_fd_, config_);
      check_leaks_before_exit();
      _exit(code);
    }
    workers_[pid] = WorkerInfo{generation_, Clock::now(), slot};
  }

  // The lowest board slot no living worker holds (old and new generations share the board
  // during a reload: config caps workers at half the slots).
  size_t free_slot() const {
    std::vector<bool> used(metrics::kMaxWorkers, false);
    for (const auto& [pid, info] : workers_) used[info.slot] = true;
    size_t slot = 0;
    while (slot < used.size() && used[slot]) ++slot;
    return slot;
  }

  void spawn_all() {
    for (int i = 0; i < config_.workers; ++i) spawn();
    log::info("generation " + std::to_string(generation_) + ": " + std::to_string(config_.workers) +
              " workers");
  }

  int current_workers() const {
    int count = 0;
    for (const auto& [pid, info] : workers_) count += info.generation == generation_;
    return count;
  }

  void respawn_missing() {
    while (current_workers() < config_.workers) {
      if (Clock::now() - last_respawn_ < kRespawnPause) return;  // don't spin on a crash loop
      last_respawn_ = Clock::now();
      log::warn("starting a worker in place of one that exited");
      spawn();
    }
  }

  void reap() {
    int status = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      const auto found = workers_.find(pid);
      if (found == workers_.end()) continue;
      const bool expected = stopping_ || found->second.generation != generation_;
      if (!expected) {
        log::error("worker " + std::to_string(pid) + " exited unexpectedly (status " +
                   std::to_string(status) + ")");
        metrics::count_worker_restart();
      }
      metrics::free_worker_slot(found->second.slot);
      workers_.erase(found);
    }
  }

  void reload() {
    try {
      Config fresh = load_config(args_);
      if (fresh.listen != config_.listen) {
        log::warn("SIGHUP: `listen` changes take effect only on restart");
      }
      use_log_settings(fresh);
      config_ = std::move(fresh);
    } catch (const std::exception& error) {
      log::error(std::string("SIGHUP: keeping the old configuration: ") + error.what());
      return;
    }
    const int old_generation = generation_++;
    spawn_all();
    for (const auto& [pid, info] : workers_) {
      if (info.generation == old_generation) kill(pid, SIGTERM);
    }
  }

  void begin_stop() {
    stopping_ = true;
    stop_deadline_ = Clock::now() + kStopGrace;
    log::info("stopping: workers finish their requests");
    sd_notify(0, "STOPPING=1");
    kill_all(SIGTERM);
  }

  void kill_all(int sig) {
    for (const auto& [pid, info] : workers_) kill(pid, sig);
  }

  std::vector<std::string> args_;
  Config config_;
  int listen_fd_;
  int generation_ = 1;
  std::map<pid_t, WorkerInfo> workers_;
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  Clock::time_point last_respawn_{};
};

// morapi refuses to serve a database without its unique keys and columns: money and numbers
// would no longer be safe. A database it cannot reach yet is not refused (requests get 503
// until it can).
bool database_is_ready(const Config& config) {
  try {
    db::Database database(config);
    const auto missing = database.read([](db::Transaction& tx) { return db::missing_schema(tx); });
    if (missing.empty()) return true;
    std::string list;
    for (const auto& item : missing) list += (list.empty() ? "" : ", ") + item;
    log::fail("database `" + config.db_name + "` lacks what morapi needs (" + list +
              "): run sql/upgrade.sql on it (README: \"Moving over from a running MOR\")");
    return false;
  } catch (const std::exception& error) {
    log::warn(std::string("cannot check the database at start-up: ") + error.what());
    return true;
  }
}

}  // namespace

int run_master(const std::vector<std::string>& args) {
  Config config;
  std::unique_ptr<ListenSocket> socket;
  std::unique_ptr<PidFile> pid_file;
  try {
    log::detect_journal();
    config = load_config(args);
    use_log_settings(config);
    // Before the first fork: the workers share the counts of repeated lines, the metrics and
    // the failed attempts (abuse limits).
    log::share_repeated_counts();
    metrics::share_between_processes();
    auth::share_failure_counts();
    if (!database_is_ready(config)) return 3;
    socket = std::make_unique<ListenSocket>(config);
    pid_file = std::make_unique<PidFile>(config.pid_file);
  } catch (const std::exception& error) {
    log::fail(error.what());
    return 2;
  }
  const int listen_fd = socket->fd();
  // Workers poll and accept; a connection another worker took must not block the rest.
  fcntl(listen_fd, F_SETFL, fcntl(listen_fd, F_GETFL) | O_NONBLOCK);

  sigset_t set;
  sigemptyset(&set);
  for (const int sig : kSignals) sigaddset(&set, sig);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGCHLD, on_child);
  std::signal(SIGPIPE, SIG_IGN);

  log::info("morapi listening on " + config.listen);
  // The socket file and the pid file go when these objects do, if they are still ours.
  return Master(args, config, listen_fd).run();
}

}  // namespace morapi::server
