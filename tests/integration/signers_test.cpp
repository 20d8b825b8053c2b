// The reference signers of clients/ (issue 13): the PHP and the Python function each sign a
// did_create that succeeds through nginx and a real morapi, whose replay is refused, whose old
// timestamp is expired; and each gives the README's worked example its signature.
#define BOOST_TEST_MODULE signers
#include <boost/test/unit_test.hpp>
#include <ctime>

#include "fixture.hpp"
#include "support/nginx.hpp"

using namespace morapi::testing;

namespace {

const std::string kClients = std::string(MORAPI_SOURCE_DIR) + "/clients";

struct Signer {
  std::string name;
  std::vector<std::string> call;  // the client's call script, before its arguments
  // Prints the headers of the README's example (timestamp 1764547200, nonce n0nce-2026_12-01).
  std::vector<std::string> example;
};

const std::vector<Signer> kSigners = {
    {"php",
     {"php", kClients + "/php/call.php"},
     {"php", "-r",
      "require '" + kClients +
          "/php/morapi_signer.php'; echo morapi_strong_signature('secret3', 'GET', 'did_create', "
          "['u' => 'user', 'did' => '37060000001', 'provider_id' => '2'], 1764547200, "
          "'n0nce-2026_12-01')['X-Morapi-Signature'];"}},
    {"python",
     {"python3", kClients + "/python/call.py"},
     {"python3", "-c",
      "import sys; sys.path.insert(0, '" + kClients +
          "/python'); from morapi_signer import strong_signature_headers as s; "
          "print(s('secret3', 'GET', 'did_create', {'u': 'user', 'did': '37060000001', "
          "'provider_id': '2'}, 1764547200, 'n0nce-2026_12-01')['X-Morapi-Signature'], end='')"}},
};

// The expected signature as the README's worked example states it.
std::string readme_signature() {
  const std::string readme = read_file(std::string(MORAPI_SOURCE_DIR) + "/README.md");
  const std::string label = "X-Morapi-Signature: ";
  const size_t example = readme.find("Worked example");
  BOOST_REQUIRE(example != std::string::npos);
  const size_t at = readme.find(label, example);
  BOOST_REQUIRE(at != std::string::npos);
  return readme.substr(at + label.size(), 64);
}

CommandResult call(const Signer& signer, const std::string& url, const std::string& did,
                   const std::vector<std::string>& env = {}) {
  std::vector<std::string> argv = {"env"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.insert(argv.end(), signer.call.begin(), signer.call.end());
  for (const std::string& arg : {url, std::string("secret3"), std::string("u=user"), "did=" + did,
                                 std::string("provider_id=2")}) {
    argv.push_back(arg);
  }
  return run_command(argv);
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_signer_gives_the_readme_example_its_signature) {
  const std::string expected = readme_signature();
  BOOST_TEST(expected == "59ef426b99e76d78a45e802f49e70afe552ad01ebd41f55efbd5773ac05a915e");
  for (const Signer& signer : kSigners) {
    const auto result = run_command(signer.example);
    BOOST_TEST(result.exit_code == 0, signer.name << ": " << result.output);
    BOOST_TEST(result.output == expected, signer.name);
  }
}

BOOST_AUTO_TEST_CASE(each_signer_gets_a_success_then_replayed_then_expired_through_nginx) {
  Stack stack(1);
  stack.set_setting("morapi_Strong_Signatures", "1", 3);
  Nginx nginx(stack.socket(), free_tcp_port());
  const std::string url =
      "http://127.0.0.1:" + std::to_string(nginx.port()) + "/billing/api/did_create";
  int next_id = 100;
  for (const Signer& signer : kSigners) {
    const std::string did = "3706200" + std::to_string(next_id);
    const std::string nonce = "signer-test-" + signer.name;
    const std::string ts = std::to_string(time(nullptr));
    const auto first = call(signer, url, did, {"MORAPI_TS=" + ts, "MORAPI_NONCE=" + nonce});
    BOOST_TEST(first.output == did_created(std::to_string(next_id)), signer.name);
    const auto again = call(signer, url, did, {"MORAPI_TS=" + ts, "MORAPI_NONCE=" + nonce});
    BOOST_TEST(again.output == page_error("Request replayed"), signer.name);
    const auto old =
        call(signer, url, did + "1", {"MORAPI_TS=" + std::to_string(time(nullptr) - 3600)});
    BOOST_TEST(old.output == page_error("Request expired"), signer.name);
    // Their own time and a random nonce: a second DID.
    const auto fresh = call(signer, url, did + "2");
    BOOST_TEST(fresh.output == did_created(std::to_string(next_id + 1)), signer.name);
    next_id += 2;
  }
  BOOST_TEST(stack.scalar("SELECT COUNT(*) FROM dids WHERE reseller_id = 3") == "4");
}
