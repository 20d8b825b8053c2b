#pragma once
#include <string>
#include <vector>

namespace morapi {

// Everything an operator can set, in a `key = value` file or as `--key=value` options.
struct Config {
  std::string listen = "/run/morapi/morapi.sock";  // unix socket path, or host:port
  int listen_mode = 0660;                          // permission of a unix socket
  // Group of a unix socket (nginx's group on Debian); empty: the process's own group. Where
  // this default group does not exist, the socket keeps the process's group.
  std::string listen_group = "www-data";
  // 0: one per core. The default is not the core count: a worker mostly waits on MariaDB, and a
  // request stuck on a locked row holds its worker, so the pool needs spare workers
  // (bench/workers.sh measured it).
  int workers = 16;
  std::string db_socket;
  std::string db_host = "localhost";
  int db_port = 3306;
  // Further database servers, tried in order when the first (db_host/db_socket) cannot be
  // reached or is not a usable Galera node: `host[:port]` or a unix socket path, comma-separated.
  std::string db_fallback;
  std::string db_user = "root";
  std::string db_password_file;
  std::string db_name = "mor";
  int cache_ttl = 5;          // seconds a worker trusts its copy of settings and users
  long max_body = 64 * 1024;  // bytes; larger bodies get HTTP 413
  long max_cards = 1000000;   // calling_cards_create cap per request
  // Seconds a statement waits for a row lock (then the transaction is retried, within the
  // deadline). Short: a held row delays only its own requests.
  int lock_wait_timeout = 2;
  int io_timeout = 30;  // seconds to read a request or write an answer (stalled peers)
  // Seconds from nginx's receipt of a request (or accept, without nginx) after which it commits
  // nothing and answers 503 (SPEC 5). Well under nginx's fastcgi_read_timeout (60 s; 600 s for
  // calling_cards_create, whose deadline is batch_deadline).
  int request_deadline = 20;
  int batch_deadline = 420;
  // Seconds a read from or write to the database may stall (a frozen server) before the
  // connection counts as lost (batches: batch_db_io_timeout). And to connect.
  int db_io_timeout = 5;
  int db_connect_timeout = 2;
  // A batch's statements may wait up to 120 s for another batch of its PIN length. With
  // batch_deadline, under nginx's 600 s for calling_cards_create.
  int batch_db_io_timeout = 150;
  // Seconds a request id (Idempotency-Key, request_id) keeps its answer; nginx's $request_id,
  // the implicit key of every request through nginx, keeps it this long.
  int request_id_lifetime = 86400;
  int nginx_request_id_lifetime = 600;
  // nginx's receive time this far in the future (its clock ahead of ours) is only logged; more
  // is logged loudly.
  int clock_skew_tolerance_ms = 1000;
  // did_create also accepts a hash of provider_id alone (the seed page's example, MOR X3
  // clients); such a signature lets its holder create any DID on that provider.
  bool did_create_provider_only_hash = true;
  // Strong signatures (auth/signature.hpp): a timestamp this many seconds from the database
  // server's clock is `Request expired`; a nonce is remembered this long after its timestamp.
  int signature_window = 300;
  // Abuse limits (auth/limits.hpp), counted per minute across this host's workers. Past
  // failure_delay_after failed logins and hashes from one address, or for one `u`, each further
  // failure is answered later (growing to failure_delay_max_ms; 0: never). Past lockout_after
  // failures of one address and `u`, that pair gets `Too many failed attempts` for the rest of the
  // minute (0: never; off by default).
  int failure_delay_after = 30;
  int failure_delay_max_ms = 2000;
  int lockout_after = 0;
  std::string log_level = "info";
  std::string log_format = "plain";  // plain or json (one object a line)
  std::string pid_file;
  std::string config_file;

  std::string db_password() const;  // read from db_password_file, empty when none
};

// One database server morapi may connect to: a unix socket path (socket set, host `localhost`)
// or TCP host and port.
struct DatabaseEndpoint {
  std::string host = "localhost";
  int port = 3306;
  std::string socket;
  std::string describe() const;  // for log lines: the socket path or host:port
};

// db_host/db_port/db_socket first, then each db_fallback entry in order. Throws
// std::runtime_error naming db_fallback for an entry that is neither a path nor host[:port].
std::vector<DatabaseEndpoint> database_endpoints(const Config& config);

// A configuration as read, and every problem found in it, one line each: "config: FILE:LINE:
// ..." for a line of the file, "config: --key: ..." for an option, "config: ..." for rules
// between keys. `morapi --check` reports them all.
struct ConfigReading {
  Config config;
  std::vector<std::string> problems;
};

// Reads `--config=FILE` (if given) and then applies every other `--key=value`, so options win
// over the file; a bad line or option does not stop the reading of the rest.
ConfigReading read_config(const std::vector<std::string>& args);

// read_config, throwing std::runtime_error with the first problem when there is one.
Config load_config(const std::vector<std::string>& args);

}  // namespace morapi
