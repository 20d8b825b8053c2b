#include "hosts/app_host.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <stdexcept>

#include "support/socket_io.hpp"

namespace morapi::testing::hosts {
using namespace std::chrono_literals;
namespace {

bool accepts(const std::string& endpoint) {
  try {
    detail::connect_to(endpoint, detail::Clock::now() + 500ms);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace

AppHost::AppHost(const Stack& stack, const std::vector<std::string>& options) {
  command_ = network_.exec_prefix();
  for (const std::string& arg : stack.command()) {
    if (!arg.starts_with("--listen=")) command_.push_back(arg);
  }
  command_.push_back("--listen=" + endpoint());
  command_.insert(command_.end(), options.begin(), options.end());
  start();
}

AppHost::~AppHost() {
  kill();
}

void AppHost::start() {
  server_.reset();
  server_.emplace(command_, dir_.file("morapi.log"));
  if (!wait_until([&] { return accepts(endpoint()); }, 15s)) {
    throw std::runtime_error("morapi did not start in " + network_.name() + ":\n" + log());
  }
}

void AppHost::kill() {
  network_.kill_all();
  server_.reset();  // reaps the master
}

std::string AppHost::log() const {
  return read_file(dir_.file("morapi.log"));
}

int AppHost::log_lines_with(const std::string& text) const {
  std::istringstream lines(log());
  int count = 0;
  for (std::string line; std::getline(lines, line);) count += line.find(text) != std::string::npos;
  return count;
}

bool skipped_without_hosts() {
  const auto why = NetworkHost::unavailable();
  if (why) BOOST_TEST_MESSAGE("SKIPPED: the hosts test bed needs network namespaces: " << *why);
  return why.has_value();
}

std::string upstream_of(const std::vector<AppHost*>& hosts) {
  std::string list;
  for (const AppHost* host : hosts) list += (list.empty() ? "" : ",") + host->endpoint();
  return list;
}

}  // namespace morapi::testing::hosts
