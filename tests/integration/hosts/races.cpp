#include "hosts/races.hpp"

#include <atomic>
#include <thread>

#include "fixture.hpp"
#include "support/fcgi_client.hpp"

namespace morapi::testing::hosts {

Pair at_once(const std::function<HttpResponse()>& first,
             const std::function<HttpResponse()>& second) {
  std::atomic<int> ready{0};
  HttpResponse one;
  HttpResponse two;
  const auto run = [&](const std::function<HttpResponse()>& send, HttpResponse& into) {
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();
    into = send();
  };
  std::thread a(run, std::cref(first), std::ref(one));
  std::thread b(run, std::cref(second), std::ref(two));
  a.join();
  b.join();
  return {one, two};
}

HttpResponse get_from(const std::string& endpoint, const std::string& uri,
                      const std::map<std::string, std::string>& headers) {
  return fcgi_request(endpoint, fcgi_get(uri, headers), std::chrono::seconds(30));
}

}  // namespace morapi::testing::hosts
