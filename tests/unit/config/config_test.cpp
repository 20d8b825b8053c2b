#include "config/config.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

using morapi::load_config;

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(file_then_options) {
  char path[] = "/tmp/morapi-config-XXXXXX";
  const int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  std::ofstream(path) << "# comment\nlisten = 127.0.0.1:9000\nworkers=3 # three\n"
                         "cache_ttl = 9\nlisten_mode = 0660\n\n";
  const auto c = load_config({std::string("--config=") + path, "--workers=5", "--db-name=x"});
  std::remove(path);
  BOOST_TEST(c.listen == "127.0.0.1:9000");
  BOOST_TEST(c.workers == 5);
  BOOST_TEST(c.cache_ttl == 9);
  BOOST_TEST(c.listen_mode == 0660);
  BOOST_TEST(c.db_name == "x");
  BOOST_TEST(c.max_body == 65536);
  BOOST_TEST(c.max_cards == 1000000);
  BOOST_TEST(c.did_create_provider_only_hash);
}

BOOST_AUTO_TEST_CASE(did_create_provider_only_hash_is_a_switch) {
  BOOST_TEST(!load_config({"--did_create_provider_only_hash=0"}).did_create_provider_only_hash);
  BOOST_TEST(load_config({"--did_create_provider_only_hash=1"}).did_create_provider_only_hash);
  BOOST_CHECK_THROW(load_config({"--did_create_provider_only_hash=no"}), std::runtime_error);
  BOOST_CHECK_THROW(load_config({"--did_create_provider_only_hash="}), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(the_socket_is_for_nginx_s_group_by_default) {
  const auto c = load_config({});
  BOOST_TEST(c.listen_mode == 0660);
  BOOST_TEST(c.listen_group == "www-data");
  BOOST_TEST(load_config({"--listen_group=nginx"}).listen_group == "nginx");
  BOOST_TEST(load_config({"--listen_group="}).listen_group == "");
}

// Chosen by bench/workers.sh (issue 8): not the number of cores, which on a small host left no
// worker free while requests waited for one locked card row.
BOOST_AUTO_TEST_CASE(the_default_pool_has_spare_workers_for_stuck_requests) {
  BOOST_TEST(load_config({}).workers == 16);
  BOOST_TEST(load_config({"--workers=3"}).workers == 3);
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
  BOOST_CHECK_THROW(load_config({"--nope=1"}), std::runtime_error);
  BOOST_CHECK_THROW(load_config({"--workers=two"}), std::runtime_error);
  BOOST_CHECK_THROW(load_config({"workers"}), std::runtime_error);
  BOOST_CHECK_THROW(load_config({"--config=/nonexistent/morapi.conf"}), std::runtime_error);
  BOOST_CHECK_THROW(load_config({"--log_level=loud"}), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(signature_and_limit_keys) {
  const auto reading = morapi::read_config(
      {"--signature_window=0", "--failure_delay_max_ms=10001", "--lockout_after=5"});
  const std::vector<std::string> expected = {
      "config: signature_window must be at least 1",
      "config: failure_delay_max_ms must be at most 10000",
  };
  BOOST_TEST(reading.problems == expected, boost::test_tools::per_element());
  BOOST_TEST(reading.config.lockout_after == 5);
  const auto fine = morapi::read_config({"--signature_window=60", "--failure_delay_after=0"});
  BOOST_TEST(fine.problems.empty());
  BOOST_TEST(fine.config.signature_window == 60);
  BOOST_TEST(fine.config.failure_delay_after == 0);
}

BOOST_AUTO_TEST_SUITE_END()

// `morapi --check` reports every problem (issue 12): each bad line with its file and number, each
// bad option, then the rules between keys; the good lines still apply.
BOOST_AUTO_TEST_CASE(every_problem_is_reported_with_its_place) {
  char path[] = "/tmp/morapi-config-XXXXXX";
  const int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  std::ofstream(path) << "workers = 3\nworkers = three\nno equals sign\nnope = 1\n"
                         "lock_wait_timeout = 9\ncache_ttl = 7\n";
  const auto reading = morapi::read_config({std::string("--config=") + path, "--max_cards=x"});
  const std::string file = std::string("config: ") + path;
  std::remove(path);
  const std::vector<std::string> expected = {
      file + ":2: workers must be a non-negative number, got 'three'",
      file + ":3: expected key = value",
      file + ":4: unknown key 'nope'",
      "config: --max_cards: max_cards must be a non-negative number, got 'x'",
      "config: lock_wait_timeout must be less than db_io_timeout",
  };
  BOOST_TEST(reading.problems == expected, boost::test_tools::per_element());
  BOOST_TEST(reading.config.workers == 3);
  BOOST_TEST(reading.config.cache_ttl == 7);
  // load_config stops on the first of them.
  BOOST_CHECK_EXCEPTION(load_config({"--nope=1", "--workers=two"}), std::runtime_error,
                        [](const std::runtime_error& e) {
                          return std::string(e.what()) == "config: --nope: unknown key 'nope'";
                        });
  BOOST_TEST(morapi::read_config({}).problems.empty());
}

// The shipped example names every key with its default (so it documents them truthfully).
BOOST_AUTO_TEST_CASE(example_file_loads_with_the_defaults) {
  const auto example =
      load_config({std::string("--config=") + MORAPI_SOURCE_DIR + "/deploy/morapi.conf.example"});
  const morapi::Config defaults = load_config({});
  BOOST_TEST(example.lock_wait_timeout == defaults.lock_wait_timeout);
  BOOST_TEST(example.request_deadline == defaults.request_deadline);
  BOOST_TEST(example.batch_deadline == defaults.batch_deadline);
  BOOST_TEST(example.db_io_timeout == defaults.db_io_timeout);
  BOOST_TEST(example.db_connect_timeout == defaults.db_connect_timeout);
  BOOST_TEST(example.batch_db_io_timeout == defaults.batch_db_io_timeout);
  BOOST_TEST(example.request_id_lifetime == defaults.request_id_lifetime);
  BOOST_TEST(example.nginx_request_id_lifetime == defaults.nginx_request_id_lifetime);
  BOOST_TEST(example.clock_skew_tolerance_ms == defaults.clock_skew_tolerance_ms);
  BOOST_TEST(example.signature_window == defaults.signature_window);
  BOOST_TEST(example.failure_delay_after == defaults.failure_delay_after);
  BOOST_TEST(example.failure_delay_max_ms == defaults.failure_delay_max_ms);
  BOOST_TEST(example.lockout_after == defaults.lockout_after);
  BOOST_TEST(example.cache_ttl == defaults.cache_ttl);
  BOOST_TEST(example.io_timeout == defaults.io_timeout);
}

// Positive, a lock wait shorter than the io timeout, and numbers that fit.
BOOST_AUTO_TEST_CASE(deadlines_and_timeouts_must_make_sense) {
  for (const char* option :
       {"--request_deadline=0", "--batch_deadline=0", "--db_io_timeout=0", "--db_connect_timeout=0",
        "--lock_wait_timeout=0", "--lock_wait_timeout=5", "--request_id_lifetime=3000000000"}) {
    BOOST_CHECK_THROW(load_config({option}), std::runtime_error);
  }
}

// The database servers a worker tries, in order (issue 10: a host whose Galera node is down
// carries on with the next one).
BOOST_AUTO_TEST_CASE(database_endpoints_are_the_first_server_then_the_fallbacks) {
  const auto endpoints = morapi::database_endpoints(
      load_config({"--db_socket=/run/a.sock", "--db_fallback= 10.0.0.5:3307, /run/b.sock,db3 "}));
  BOOST_TEST_REQUIRE(endpoints.size() == 4u);
  BOOST_TEST(endpoints[0].describe() == "/run/a.sock");
  BOOST_TEST(endpoints[1].host == "10.0.0.5");
  BOOST_TEST(endpoints[1].port == 3307);
  BOOST_TEST(endpoints[1].socket == "");
  BOOST_TEST(endpoints[2].socket == "/run/b.sock");
  BOOST_TEST(endpoints[3].describe() == "db3:3306");
  BOOST_TEST(morapi::database_endpoints(load_config({})).size() == 1u);
  for (const char* bad : {"--db_fallback=host:", "--db_fallback=host:x", "--db_fallback=:3306",
                          "--db_fallback=a:70000", "--db_fallback=rel/ative.sock"}) {
    BOOST_CHECK_THROW(load_config({bad}), std::runtime_error);
  }
}
