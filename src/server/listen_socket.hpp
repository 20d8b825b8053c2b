#pragma once
#include <string>

namespace morapi::server {

// Opens the FastCGI listening socket: a unix socket path (made with `mode`, replacing a stale
// socket file) or host:port. Throws std::runtime_error saying what failed.
int open_listen_socket(const std::string& address, int mode);

}  // namespace morapi::server
