#pragma once
#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/fcgi_client.hpp"
#include "support/mariadb.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace morapi::testing {

// The did_create request of the seed page (with u=admin): signs provider_id only, SHA1("1secret").
inline const std::string kSeedDidCreateQuery =
    "u=admin&did=123456789&provider_id=1&hash=bc2f114099d16656d37e45fd9e8744cb9386d462";

// The MariaDB server of this test executable, started on first use and stopped at exit.
MariaDb& shared_mariadb();
// From now on shared_mariadb() is `server` (a Galera node the test made), so that Stacks and
// their checks use it; nullptr goes back to the private server.
void use_as_shared_mariadb(MariaDb* server);

// A real morapi (master + workers) on a unix socket in its own temporary directory, serving a
// fresh database loaded from sql/schema.sql and sql/demo.sql. cache_ttl is 0 so a setting changed
// by a test takes effect at once; failure_delay_max_ms is 0 so that failures are answered at once
// (an option in extra_options wins).
class Stack {
 public:
  // workers = kDefaultWorkers passes no --workers: morapi's own default pool.
  static constexpr int kDefaultWorkers = -1;
  explicit Stack(int workers = 2, const std::vector<std::string>& extra_options = {});
  // On a database the test made itself (dropped when the Stack ends).
  Stack(const std::string& existing_database, int workers,
        const std::vector<std::string>& extra_options = {});
  ~Stack();

  const std::string& database() const { return database_; }
  const std::string& socket() const { return socket_; }
  Process& server() { return *server_; }
  // The command line this morapi was started with (to start another one like it).
  const std::vector<std::string>& command() const { return command_; }
  std::string log() const;

  HttpResponse get(const std::string& uri);
  HttpResponse post(const std::string& uri, const std::string& body,
                    const std::string& content_type = "application/x-www-form-urlencoded");
  HttpResponse send(const FcgiRequest& request);

  void exec(const std::string& sql);
  std::string scalar(const std::string& sql);
  std::vector<std::vector<std::string>> rows(const std::string& sql);
  // A conflines value of owner 0 (insert or replace).
  void set_setting(const std::string& name, const std::string& value, int owner = 0);

  std::vector<pid_t> workers() const;

 private:
  void start(int workers, const std::vector<std::string>& extra_options);

  TempDir dir_;
  std::string database_;
  std::string socket_;
  std::vector<std::string> command_;
  std::unique_ptr<Process> server_;
};

// A database shaped like MOR's own: sql/schema.sql without its morapi additions, plus the demo
// rows.
void create_mor_shaped_database(const std::string& name);
// What sql/schema.sql says before its "-- morapi additions" block.
std::string mor_schema_sql();

// Seconds since the epoch with milliseconds, as nginx's $msec (MORAPI_RECEIVED_AT), `offset`
// from now.
std::string msec_from_now(std::chrono::milliseconds offset);
// A GET as nginx would pass it, with these headers and extra FastCGI params.
FcgiRequest fcgi_get(const std::string& uri, const std::map<std::string, std::string>& headers = {},
                     const std::map<std::string, std::string>& params = {});

// The document morapi writes for an error of a method and for a success message.
std::string page_error(const std::string& message);
std::string page_success(const std::string& message);
std::string status_error(const std::string& message);
// did_create's success, with the new DID's id.
std::string did_created(const std::string& id);
std::string sha1(const std::string& text);
// Lowercase hex HMAC-SHA256 (strong signatures, README "Strong signatures").
std::string hmac_sha256(const std::string& key, const std::string& text);
// A did_create of the demo reseller (u=user, its provider 2, key secret3) with its strong
// signature as X-Morapi-* headers: the query (path included) and the headers. The canonical
// string is written out here, apart from morapi's code.
struct SignedGet {
  std::string uri;
  std::map<std::string, std::string> headers;
};
SignedGet reseller_signed_did_create(const std::string& did, const std::string& nonce,
                                     const std::string& timestamp);
// Every byte but [A-Za-z0-9._-] as %XX, so that what morapi decodes is exactly the value.
std::string percent_encoded(const std::string& value);

// Every table morapi reads or writes, and its request ledger.
extern const std::vector<std::string> kMorapiTables;
// One query giving each of `tables`' name, row count and the sum of a CRC of every row's every
// column: what "no table changed" compares. (Not CHECKSUM TABLE: it is not stable on InnoDB rows
// that were only locked; it changed on cards that read the same.)
std::string table_state_query(Stack& stack, const std::vector<std::string>& tables);
// Child processes of `parent`, read from /proc.
std::vector<pid_t> children_of(pid_t parent);

}  // namespace morapi::testing
