#include "config/config.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "metrics/scoreboard.hpp"
#include "util/log.hpp"

namespace morapi {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

long parse_number(const std::string& key, const std::string& value, int base = 10) {
  try {
    size_t used = 0;
    const long n = std::stol(value, &used, base);
    if (used == value.size() && n >= 0) return n;
  } catch (const std::exception&) {
  }
  throw std::runtime_error("config: " + key + " must be a non-negative number, got '" + value +
                           "'");
}

bool parse_switch(const std::string& key, const std::string& value) {
  if (value == "1") return true;
  if (value == "0") return false;
  throw std::runtime_error("config: " + key + " must be 0 or 1, got '" + value + "'");
}

// The keys that are a plain number of seconds (or a count).
int Config::*number_field(const std::string& key) {
  static const std::pair<const char*, int Config::*> kFields[] = {
      {"workers", &Config::workers},
      {"cache_ttl", &Config::cache_ttl},
      {"lock_wait_timeout", &Config::lock_wait_timeout},
      {"io_timeout", &Config::io_timeout},
      {"request_deadline", &Config::request_deadline},
      {"batch_deadline", &Config::batch_deadline},
      {"db_io_timeout", &Config::db_io_timeout},
      {"db_connect_timeout", &Config::db_connect_timeout},
      {"batch_db_io_timeout", &Config::batch_db_io_timeout},
      {"request_id_lifetime", &Config::request_id_lifetime},
      {"nginx_request_id_lifetime", &Config::nginx_request_id_lifetime},
      {"clock_skew_tolerance_ms", &Config::clock_skew_tolerance_ms},
      {"signature_window", &Config::signature_window},
      {"failure_delay_after", &Config::failure_delay_after},
      {"failure_delay_max_ms", &Config::failure_delay_max_ms},
      {"lockout_after", &Config::lockout_after},
  };
  for (const auto& [name, field] : kFields) {
    if (key == name) return field;
  }
  return nullptr;
}

void apply(Config& c, const std::string& key, const std::string& value) {
  if (key == "listen") {
    c.listen = value;
  } else if (key == "listen_mode") {
    c.listen_mode = static_cast<int>(parse_number(key, value, 8));
  } else if (key == "listen_group") {
    c.listen_group = value;
  } else if (key == "db_socket") {
    c.db_socket = value;
  } else if (key == "db_host") {
    c.db_host = value;
  } else if (key == "db_port") {
    c.db_port = static_cast<int>(parse_number(key, value));
  } else if (key == "db_fallback") {
    c.db_fallback = value;
  } else if (key == "db_user") {
    c.db_user = value;
  } else if (key == "db_password_file") {
    c.db_password_file = value;
  } else if (key == "db_name") {
    c.db_name = value;
  } else if (const auto field = number_field(key)) {
    const long number = parse_number(key, value);
    if (number > std::numeric_limits<int>::max()) {
      throw std::runtime_error("config: " + key + " is too large: '" + value + "'");
    }
    c.*field = static_cast<int>(number);
  } else if (key == "max_body") {
    c.max_body = parse_number(key, value);
  } else if (key == "max_cards") {
    c.max_cards = parse_number(key, value);
  } else if (key == "did_create_provider_only_hash") {
    c.did_create_provider_only_hash = parse_switch(key, value);
  } else if (key == "log_level") {
    log::Level ignored;
    if (!log::parse_level(value, ignored)) {
      throw std::runtime_error("config: log_level must be debug, info, warn, error or fail");
    }
    c.log_level = value;
  } else if (key == "log_format") {
    log::Format ignored;
    if (!log::parse_format(value, ignored)) {
      throw std::runtime_error("config: log_format must be plain or json");
    }
    c.log_format = value;
  } else if (key == "pid_file") {
    c.pid_file = value;
  } else {
    throw std::runtime_error("config: unknown key '" + key + "'");
  }
}

// A message of apply() without its "config: " prefix, to put a place in front of it.
std::string without_prefix(const std::string& message) {
  const std::string prefix = "config: ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

// Every line of the file applied; each bad one is a problem naming the file and its line.
void apply_file(Config& c, const std::string& path, std::vector<std::string>& problems) {
  std::ifstream in(path);
  if (!in) {
    problems.push_back("config: cannot read " + path);
    return;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string place = "config: " + path + ":" + std::to_string(number) + ": ";
    const std::string text = trim(line.substr(0, line.find('#')));
    if (text.empty()) continue;
    const auto eq = text.find('=');
    if (eq == std::string::npos) {
      problems.push_back(place + "expected key = value");
      continue;
    }
    try {
      apply(c, trim(text.substr(0, eq)), trim(text.substr(eq + 1)));
    } catch (const std::runtime_error& error) {
      problems.push_back(place + without_prefix(error.what()));
    }
  }
}

// The rules between keys, checked once every key is read.
void check_together(const Config& c, std::vector<std::string>& problems) {
  if (c.request_deadline == 0 || c.batch_deadline == 0 || c.db_io_timeout == 0 ||
      c.db_connect_timeout == 0 || c.lock_wait_timeout == 0) {
    problems.push_back(
        "config: request_deadline, batch_deadline, db_io_timeout, db_connect_timeout and "
        "lock_wait_timeout must be at least 1");
  }
  if (c.signature_window == 0) problems.push_back("config: signature_window must be at least 1");
  // A held answer must reach nginx well before its fastcgi_read_timeout (60 s).
  if (c.failure_delay_max_ms > 10000) {
    problems.push_back("config: failure_delay_max_ms must be at most 10000");
  }
  // Old and new workers share the metrics board during a reload.
  if (c.workers > static_cast<int>(metrics::kMaxWorkers / 2)) {
    problems.push_back("config: workers must be at most " +
                       std::to_string(metrics::kMaxWorkers / 2));
  }
  // A statement waiting for a row lock must not be taken for a stalled database.
  if (c.lock_wait_timeout >= c.db_io_timeout) {
    problems.push_back("config: lock_wait_timeout must be less than db_io_timeout");
  }
  try {
    database_endpoints(c);  // a bad db_fallback entry stops the start, naming it
  } catch (const std::runtime_error& error) {
    problems.push_back(error.what());
  }
}

}  // namespace

std::string Config::db_password() const {
  // Under systemd, `LoadCredential=db_password:FILE` hands the password over in a directory only
  // this service can read (systemd.exec(5)): it wins over db_password_file.
  if (const char* credentials = std::getenv("CREDENTIALS_DIRECTORY")) {
    std::ifstream in(std::string(credentials) + "/db_password");
    std::string password;
    if (in && std::getline(in, password)) return password;
  }
  if (db_password_file.empty()) return "";
  std::ifstream in(db_password_file);
  if (!in) throw std::runtime_error("config: cannot read db_password_file " + db_password_file);
  std::string password;
  std::getline(in, password);
  return password;
}

std::string DatabaseEndpoint::describe() const {
  return socket.empty() ? host + ":" + std::to_string(port) : socket;
}

std::vector<DatabaseEndpoint> database_endpoints(const Config& config) {
  std::vector<DatabaseEndpoint> endpoints;
  endpoints.push_back({config.db_host, config.db_port, config.db_socket});
  std::stringstream list(config.db_fallback);
  for (std::string entry; std::getline(list, entry, ',');) {
    entry = trim(entry);
    if (entry.empty()) continue;
    DatabaseEndpoint endpoint;
    if (entry[0] == '/') {
      endpoint.socket = entry;
    } else {
      const auto colon = entry.rfind(':');
      endpoint.host = entry.substr(0, colon);
      if (colon != std::string::npos) {
        endpoint.port = static_cast<int>(parse_number("db_fallback", entry.substr(colon + 1)));
      }
      if (endpoint.host.empty() || endpoint.port <= 0 || endpoint.port > 65535 ||
          endpoint.host.find_first_of(" \t/") != std::string::npos) {
        throw std::runtime_error("config: db_fallback entry '" + entry +
                                 "' is neither a socket path nor host[:port]");
      }
    }
    endpoints.push_back(endpoint);
  }
  return endpoints;
}

ConfigReading read_config(const std::vector<std::string>& args) {
  ConfigReading reading;
  Config& c = reading.config;
  std::vector<std::pair<std::string, std::string>> options;
  for (const auto& arg : args) {
    if (arg.rfind("--", 0) != 0 || arg.find('=') == std::string::npos) {
      reading.problems.push_back(
          "usage: morapi [--check] [--config=FILE] [--key=value ...]; got '" + arg + "'");
      continue;
    }
    const auto eq = arg.find('=');
    std::string key = arg.substr(2, eq - 2);
    for (auto& ch : key) {
      if (ch == '-') ch = '_';
    }
    options.emplace_back(key, arg.substr(eq + 1));
  }
  for (const auto& [key, value] : options) {
    if (key == "config") c.config_file = value;
  }
  if (!c.config_file.empty()) apply_file(c, c.config_file, reading.problems);
  for (const auto& [key, value] : options) {
    if (key == "config") continue;
    try {
      apply(c, key, value);
    } catch (const std::runtime_error& error) {
      reading.problems.push_back("config: --" + key + ": " + without_prefix(error.what()));
    }
  }
  check_together(c, reading.problems);
  if (c.workers == 0) c.workers = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  return reading;
}

Config load_config(const std::vector<std::string>& args) {
  ConfigReading reading = read_config(args);
  if (!reading.problems.empty()) throw std::runtime_error(reading.problems.front());
  return reading.config;
}

}  // namespace morapi
