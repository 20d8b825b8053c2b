// morapi: the Kolmisoft MOR billing API as a pre-forked FastCGI server.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "check/config_check.hpp"
#include "server/master.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const auto check = std::find(args.begin(), args.end(), "--check");
  if (check != args.end()) {
    args.erase(check);
    return morapi::check::run_check(args, std::cout);
  }
  return morapi::server::run_master(args);
}
