#include "fixture.hpp"

#include <cstdio>

#include <dirent.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "support/paths.hpp"

namespace morapi::testing {
using namespace std::chrono_literals;
namespace {

std::atomic<int> g_databases{0};

bool accepts_connections(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

std::string xml_declaration() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
}

}  // namespace

static MariaDb* g_shared_override = nullptr;

MariaDb& shared_mariadb() {
  if (g_shared_override) return *g_shared_override;
  static MariaDb server;
  return server;
}

void use_as_shared_mariadb(MariaDb* server) {
  g_shared_override = server;
}

Stack::Stack(int workers, const std::vector<std::string>& extra_options) {
  database_ = "morapi_test_" + std::to_string(getpid()) + "_" + std::to_string(++g_databases);
  shared_mariadb().create_database(database_);
  start(workers, extra_options);
}

Stack::Stack(const std::string& existing_database, int workers,
             const std::vector<std::string>& extra_options)
    : database_(existing_database) {
  start(workers, extra_options);
}

void Stack::start(int workers, const std::vector<std::string>& extra_options) {
  socket_ = dir_.file("morapi.sock");
  std::vector<std::string> argv = {
      morapi_binary(), "--listen=" + socket_, "--db_socket=" + shared_mariadb().socket(),
      "--db_user=root", "--db_name=" + database_, "--cache_ttl=0",
      // Failures answered at once: many tests send hundreds of wrong hashes from 127.0.0.1, which
      // the abuse limits would hold back by up to 2 s each (abuse_limits_test turns them on).
      "--failure_delay_max_ms=0"};
  if (workers != kDefaultWorkers) argv.push_back("--workers=" + std::to_string(workers));
  argv.insert(argv.end(), extra_options.begin(), extra_options.end());
  command_ = argv;
  server_ = std::make_unique<Process>(argv, dir_.file("morapi.log"));
  const bool up = wait_until([&] { return accepts_connections(socket_); }, 10s);
  if (!up) throw std::runtime_error("morapi did not start:\n" + log());
  if (workers != kDefaultWorkers) {
    wait_until([&] { return static_cast<int>(this->workers().size()) == workers; }, 10s);
    return;
  }
  // The default pool: up once its size has held for half a second.
  size_t seen = 0;
  auto steady_since = std::chrono::steady_clock::now();
  wait_until(
      [&] {
        const size_t now = this->workers().size();
        if (now != seen) {
          seen = now;
          steady_since = std::chrono::steady_clock::now();
        }
        return now > 0 && std::chrono::steady_clock::now() - steady_since > 500ms;
      },
      10s);
}

Stack::~Stack() {
  server_.reset();
  try {
    shared_mariadb().exec("", "DROP DATABASE IF EXISTS " + database_);
  } catch (const std::exception&) {
  }
}

std::string mor_schema_sql() {
  const std::string schema = read_file(source_dir() + "/sql/schema.sql");
  const size_t additions = schema.find("-- morapi additions");
  if (additions == std::string::npos) throw std::runtime_error("sql/schema.sql has no additions");
  return schema.substr(0, additions);
}

void create_mor_shaped_database(const std::string& name) {
  shared_mariadb().exec("", "DROP DATABASE IF EXISTS " + name + "; CREATE DATABASE " + name +
                                " CHARACTER SET utf8mb4");
  shared_mariadb().exec(name, mor_schema_sql());
  shared_mariadb().exec(name, read_file(source_dir() + "/sql/demo.sql"));
}

std::string Stack::log() const {
  return read_file(dir_.file("morapi.log"));
}

HttpResponse Stack::send(const FcgiRequest& request) {
  return fcgi_request(socket_, request);
}

HttpResponse Stack::get(const std::string& uri) {
  FcgiRequest request;
  request.uri = uri;
  return send(request);
}

HttpResponse Stack::post(const std::string& uri, const std::string& body,
                         const std::string& content_type) {
  FcgiRequest request;
  request.method = "POST";
  request.uri = uri;
  request.body = body;
  request.content_type = content_type;
  return send(request);
}

void Stack::exec(const std::string& sql) {
  shared_mariadb().exec(database_, sql);
}

std::string Stack::scalar(const std::string& sql) {
  return shared_mariadb().scalar(database_, sql);
}

std::vector<std::vector<std::string>> Stack::rows(const std::string& sql) {
  return shared_mariadb().query(database_, sql);
}

void Stack::set_setting(const std::string& name, const std::string& value, int owner) {
  exec("DELETE FROM conflines WHERE name = '" + name + "' AND owner_id = " + std::to_string(owner) +
       "; INSERT INTO conflines (name, value, owner_id) VALUES ('" + name + "', '" + value + "', " +
       std::to_string(owner) + ")");
}

std::vector<pid_t> Stack::workers() const {
  return children_of(server_->pid());
}

std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> children;
  DIR* proc = opendir("/proc");
  if (!proc) return children;
  while (const dirent* entry = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    std::ifstream stat("/proc/" + std::string(entry->d_name) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // pid (comm) state ppid ...: comm may hold spaces, so parse after the last ')'.
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    char state = 0;
    int ppid = 0;
    if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent &&
        state != 'Z') {
      children.push_back(pid);
    }
  }
  closedir(proc);
  return children;
}

std::string msec_from_now(std::chrono::milliseconds offset) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch() + offset);
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%03lld", static_cast<long long>(now.count() / 1000),
                static_cast<long long>(now.count() % 1000));
  return text;
}

FcgiRequest fcgi_get(const std::string& uri, const std::map<std::string, std::string>& headers,
                     const std::map<std::string, std::string>& params) {
  FcgiRequest request;
  request.uri = uri;
  request.headers = headers;
  request.extra_params = params;
  return request;
}

std::string page_error(const std::string& message) {
  return xml_declaration() + "<page>\n  <status>\n    <error>" + message +
         "</error>\n  </status>\n</page>\n";
}

std::string page_success(const std::string& message) {
  return xml_declaration() + "<page>\n  <status>\n    <success>" + message +
         "</success>\n  </status>\n</page>\n";
}

std::string status_error(const std::string& message) {
  return xml_declaration() + "<status>\n  <error>" + message + "</error>\n</status>\n";
}

std::string sha1(const std::string& text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  char hex[2 * SHA_DIGEST_LENGTH + 1];
  for (int i = 0; i < SHA_DIGEST_LENGTH; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return hex;
}

std::string did_created(const std::string& id) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<page>\n  <status>\n"
         "    <success>DID created</success>\n  </status>\n  <did_details>\n"
         "    <id>" +
         id + "</id>\n  </did_details>\n</page>\n";
}

std::string hmac_sha256(const std::string& key, const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest, &size);
  std::string hex;
  char two[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(two, sizeof two, "%02x", digest[i]);
    hex += two;
  }
  return hex;
}

SignedGet reseller_signed_did_create(const std::string& did, const std::string& nonce,
                                     const std::string& timestamp) {
  const std::string canonical =
      "GET\ndid_create\n" + timestamp + "\n" + nonce + "\ndid=" + did + "\nprovider_id=2\nu=user";
  return SignedGet{"/billing/api/did_create?u=user&did=" + did + "&provider_id=2",
                   {{"X-Morapi-Timestamp", timestamp},
                    {"X-Morapi-Nonce", nonce},
                    {"X-Morapi-Signature", hmac_sha256("secret3", canonical)}}};
}

std::string percent_encoded(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

const std::vector<std::string> kMorapiTables = {
    "users",        "conflines", "acc_groups", "acc_group_rights", "acc_rights", "devices",
    "callerids",    "ivrs",      "providers",  "tariffs",          "taxes",      "currencies",
    "cardgroups",   "cards",     "dids",       "didrates",         "payments",   "morapi_requests",
    "morapi_nonces"};

std::string table_state_query(Stack& stack, const std::vector<std::string>& tables) {
  std::string query;
  for (const std::string& table : tables) {
    const std::string columns = stack.scalar(
        "SELECT GROUP_CONCAT(CONCAT('COALESCE(`', column_name, '`, ''NULL'')') ORDER BY "
        "ordinal_position SEPARATOR ', ') FROM information_schema.columns WHERE table_schema = "
        "DATABASE() AND table_name = '" +
        table + "'");
    if (!query.empty()) query += " UNION ALL ";
    query += "SELECT '" + table + "', COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', " + columns +
             "))), 0) FROM " + table;
  }
  return query;
}

}  // namespace morapi::testing
