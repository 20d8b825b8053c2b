#pragma once
#include <string>
#include <vector>

namespace morapi::server {

// The pre-forking master: opens the socket, forks the workers, respawns any that die, replaces
// them all with the re-read configuration on SIGHUP, and on SIGTERM/SIGQUIT/SIGINT lets them
// finish their requests and exits (SIGKILL after a grace period). Returns the exit code.
int run_master(const std::vector<std::string>& args);

}  // namespace morapi::server
