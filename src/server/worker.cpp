#include "server/worker.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>

#include "api/dispatch.hpp"
#include "auth/directory.hpp"
#include "db/database.hpp"
#include "http/fcgi_io.hpp"
#include "http/gzip.hpp"
#include "metrics/scoreboard.hpp"
#include "outcome/ledger_purge.hpp"
#include "util/log.hpp"

namespace morapi::server {
namespace {

volatile sig_atomic_t g_stop = 0;

void on_stop_signal(int) {
  g_stop = 1;
}

void log_request(const Request& request, const Response& response, const api::Outcome& outcome,
                 std::chrono::steady_clock::duration took) {
  if (!log::enabled(log::Level::info)) return;
  log::RequestLine line;
  line.http_method = request.http_method;
  line.method = outcome.method;
  line.status = response.status;
  line.duration_ms = std::chrono::duration<double, std::milli>(took).count();
  line.caller = outcome.caller;
  line.client = request.remote_addr;
  line.request_id = request.nginx_request_id;
  log::request(line);
}

// How long to wait for a connection: a 1 s tick (stop signals, purges), or less when a held
// answer is due sooner.
timespec until_next(const FcgiConnection& connection) {
  using namespace std::chrono;
  nanoseconds wait = seconds(1);
  if (const auto due = connection.next_due()) {
    wait = std::clamp<nanoseconds>(*due - steady_clock::now(), nanoseconds(0), wait);
  }
  const auto whole = duration_cast<seconds>(wait);
  return timespec{static_cast<time_t>(whole.count()),
                  static_cast<long>(duration_cast<nanoseconds>(wait - whole).count())};
}

}  // namespace

int run_worker(int listen_fd, const Config& config) {
  // Stop when the master goes away, whatever the reason.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  for (const int sig : {SIGTERM, SIGQUIT, SIGHUP, SIGINT}) sigaction(sig, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGCHLD, SIG_DFL);

  // The master hands over these signals blocked. They stay blocked while a request runs (so no
  // database call sees EINTR) and are let in only while waiting for a connection, atomically,
  // by ppoll: a stop signal is never lost between a check and a blocking call.
  sigset_t waiting;
  sigprocmask(SIG_SETMASK, nullptr, &waiting);
  for (const int sig : {SIGTERM, SIGQUIT, SIGHUP, SIGINT}) sigdelset(&waiting, sig);

  db::Database database(config);
  auth::Directory directory(database, config.cache_ttl);
  api::Services services{config, database, directory, {}};
  if (!database.ping()) log::warn("database not reachable yet; requests get 503 until it is");
  FcgiConnection connection(listen_fd, config.io_timeout);
  outcome::LedgerPurge purge;

  while (!g_stop) {
    purge.maybe_run(database);
    pollfd listening{listen_fd, POLLIN, 0};
    const timespec wait = until_next(connection);
    const int ready = ppoll(&listening, 1, &wait, &waiting);
    connection.answer_due(std::chrono::steady_clock::now());
    if (ready <= 0) continue;
    // Non-blocking listen socket: when another worker took the connection, accept fails at once.
    // A peer that stalls while sending its request, or while taking the answer, is given up on
    // after io_timeout seconds instead of holding the worker (FcgiConnection's deadline).
    if (!connection.accept()) {
      if (connection.timed_out()) log::warn("a FastCGI peer sent no request in io_timeout");
      continue;
    }
    const auto started = std::chrono::steady_clock::now();
    metrics::set_worker_state(metrics::WorkerState::busy);
    Request request = connection.read_request(config.max_body);
    request.accepted_at = started;
    // Answered 400 by dispatch(): a peer that closed its stdin early still gets MOR's XML (one
    // gone or too slow does not take it, and that is all).
    if (request.incomplete) {
      log::warn("request body ended early; nothing done (" + log::field(request.remote_addr) + ")");
    }
    api::Outcome outcome;
    Response response = api::dispatch(request, services, outcome);
    encode_for_client(request, response);
    if (outcome.answer_delay.count() > 0) {
      // Past the abuse limit: the same answer, later; meanwhile this worker serves others.
      connection.hold(response, std::chrono::steady_clock::now() + outcome.answer_delay);
      metrics::count_held_answer();
    } else {
      connection.write(response);
      connection.finish();
    }
    const auto took = std::chrono::steady_clock::now() - started;
    metrics::count_request(outcome.method, response.status,
                           std::chrono::duration<double>(took).count());
    metrics::set_worker_state(metrics::WorkerState::idle);
    log_request(request, response, outcome, took);
  }
  connection.answer_all();  // a stop does not drop held answers: they go out now
  return 0;
}

}  // namespace morapi::server
