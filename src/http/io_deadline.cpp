#include "http/io_deadline.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <csignal>

namespace morapi {
namespace {

volatile sig_atomic_t g_fd = -1;
volatile sig_atomic_t g_expired = 0;

// shutdown() is async-signal-safe. No SA_RESTART: the blocked call returns at once anyway.
void on_deadline(int) {
  if (g_fd < 0) return;
  shutdown(g_fd, SHUT_RDWR);
  g_expired = 1;
}

void set_timer(int seconds) {
  itimerval timer{};
  timer.it_value.tv_sec = seconds;  // once: after the shutdown there is nothing left to wait on
  setitimer(ITIMER_REAL, &timer, nullptr);
}

}  // namespace

IoDeadline::IoDeadline() {
  struct sigaction action {};
  action.sa_handler = on_deadline;
  sigemptyset(&action.sa_mask);
  sigaction(SIGALRM, &action, nullptr);
}

IoDeadline::~IoDeadline() {
  stop();
}

void IoDeadline::start(int fd, int seconds) {
  if (running()) stop();
  g_expired = 0;
  g_fd = fd;
  set_timer(seconds);
}

void IoDeadline::stop() {
  // Not running: the timer is already disarmed (a setitimer a request saved, twice).
  if (!running()) return;
  // Timer first: a signal already on its way then still finds the descriptor it was meant for.
  set_timer(0);
  g_fd = -1;
}

bool IoDeadline::running() const {
  return g_fd >= 0;
}

bool IoDeadline::expired() const {
  return g_expired != 0;
}

}  // namespace morapi
