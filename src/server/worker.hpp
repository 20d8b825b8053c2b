#pragma once
#include "config/config.hpp"

namespace morapi::server {

// A worker's life after fork: its own database connection, then accept, answer, repeat until
// SIGTERM/SIGQUIT/SIGHUP (the request in progress is finished first). Returns the exit code.
int run_worker(int listen_fd, const Config& config);

}  // namespace morapi::server
