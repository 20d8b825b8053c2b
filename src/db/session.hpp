#pragma once
#include <memory>

#include "config/config.hpp"

namespace sql {
class Connection;
}

namespace morapi::db {

// Opens a connection to one database server and sets the session up the way every morapi
// transaction expects it (isolation, strict mode, lock waits, and on a Galera node causal
// reads). Throws sql::SQLException, or std::runtime_error for a Galera node that is not ready
// for clients (joining, donating, or cut off from the cluster's primary component).
std::unique_ptr<sql::Connection> open_session(const Config& config,
                                              const DatabaseEndpoint& endpoint, int io_timeout);

}  // namespace morapi::db
