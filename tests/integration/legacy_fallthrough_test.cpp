// The legacy fall-through of the nginx site (SPEC §7, issue 4), turned on the way its comment
// tells an operator: methods morapi serves never reach the legacy MOR application; every other
// /billing/ path does, unchanged.
#define BOOST_TEST_MODULE legacy_fallthrough
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "fixture.hpp"
#include "support/http_client.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;
using namespace std::chrono_literals;

namespace {

// A stand-in for MOR: a second nginx that answers every request with its method and URI.
class LegacyStub {
 public:
  LegacyStub() : port_(free_tcp_port()) {
    std::ofstream(dir_.file("nginx.conf"))
        << "daemon off;\npid " << dir_.file("nginx.pid") << ";\nerror_log "
        << dir_.file("error.log") << ";\nevents {}\nhttp {\n  access_log "
        << dir_.file("access.log") << ";\n  client_body_temp_path " << dir_.path()
        << ";\n  proxy_temp_path " << dir_.path() << ";\n  fastcgi_temp_path " << dir_.path()
        << ";\n  uwsgi_temp_path " << dir_.path() << ";\n  scgi_temp_path " << dir_.path()
        << ";\n  server {\n    listen 127.0.0.1:" << port_
        << ";\n    location / {\n      default_type text/plain;\n"
        << "      return 200 \"legacy $request_method $request_uri\";\n    }\n  }\n}\n";
    process_.emplace(std::vector<std::string>{"nginx", "-c", dir_.file("nginx.conf"), "-p",
                                              dir_.path(), "-e", "stderr"},
                     dir_.file("out.log"));
    const bool up = wait_until(
        [&] {
          try {
            return http_request("127.0.0.1", port_, "GET", "/").status == 200;
          } catch (const std::exception&) {
            return false;
          }
        },
        10s);
    if (!up)
      throw std::runtime_error("legacy stub did not start: " + read_file(dir_.file("out.log")));
    probes_ = read_file(dir_.file("access.log")).size();
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // The requests it got, beyond the start-up probes.
  std::string requests() const { return read_file(dir_.file("access.log")).substr(probes_); }

 private:
  TempDir dir_;
  int port_;
  std::optional<Process> process_;
  size_t probes_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_CASE(served_methods_go_to_morapi_and_the_rest_to_mor) {
  Stack stack;
  LegacyStub legacy;
  Nginx nginx(stack.socket(), free_tcp_port(), legacy.address());
  const auto get = [&](const std::string& target) {
    return http_request("127.0.0.1", nginx.port(), "GET", target);
  };

  // Every method morapi serves answers from morapi.
  BOOST_TEST(get("/billing/api/did_create?" + kSeedDidCreateQuery).body.find("DID created") !=
             std::string::npos);
  for (const std::string method :
       {"calling_cards_create", "cc_by_cli", "cli_add", "did_rates_details_update"}) {
    const auto response = get("/billing/api/" + method + "?u=admin");
    BOOST_TEST(response.body.find("<error>") != std::string::npos, method);
    BOOST_TEST(response.body.find("legacy") == std::string::npos, method);
  }
  BOOST_TEST(get("/billing/api/_health").status == 200);
  BOOST_TEST(legacy.requests().empty());

  // Everything else under /billing/ reaches MOR with its URI unchanged.
  BOOST_TEST(get("/billing/api/user_details_get?u=admin&hash=abc%2F1").body ==
             "legacy GET /billing/api/user_details_get?u=admin&hash=abc%2F1");
  BOOST_TEST(get("/billing/callc/login").body == "legacy GET /billing/callc/login");
  const auto posted =
      http_request("127.0.0.1", nginx.port(), "POST", "/billing/api/invoices_get?x=1", "a=b",
                   {{"Content-Type", "application/x-www-form-urlencoded"}});
  BOOST_TEST(posted.body == "legacy POST /billing/api/invoices_get?x=1");
  // A method name that only starts like one of morapi's is MOR's.
  BOOST_TEST(get("/billing/api/did_create_extra").body ==
             "legacy GET /billing/api/did_create_extra");
  BOOST_TEST(legacy.requests().find("did_create?") == std::string::npos);
}
