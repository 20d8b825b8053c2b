// morapi: the Kolmisoft MOR billing API as a pre-forked FastCGI server.
#include <string>
#include <vector>

#include "server/master.hpp"

int main(int argc, char** argv) {
  return morapi::server::run_master(std::vector<std::string>(argv + 1, argv + argc));
}
