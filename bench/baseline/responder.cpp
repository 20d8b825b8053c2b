// The baselines (b) and (c) of bench/run.sh: the naive FastCGI program a user could write.
//
//   responder SOCKET PROCESSES fixed ANSWER_FILE        (b) the same bytes for every request
//   responder SOCKET PROCESSES db DB_SOCKET DB_NAME     (c) morapi's statements, then its answer
//
// ANSWER_FILE is a whole CGI answer (Status, headers with Content-Length, blank line, body) as
// morapi gave it for that path, captured with cgi-fcgi at the start of the run: so nginx does the
// same work (no chunking) for both. In db mode the path is chosen from DOCUMENT_URI and
// QUERY_STRING, and each request runs the statements morapi (commit 1945411) ran for it, read in
// MariaDB's general log with warm caches (so no settings or user lookups, and no statement is
// re-prepared). Round trips per path, prepared statements, session settings as src/db/session.cpp:
//
// statements.hpp lists them per path, with the round-trip counts.
#include <fcgiapp.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "db_mode.hpp"

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s SOCKET PROCESSES fixed FILE | db DB_SOCKET DB_NAME\n", argv[0]);
    return 2;
  }
  bool fixed = std::string(argv[3]) == "fixed";
  std::string canned;
  if (fixed) {
    std::ifstream in(argv[4], std::ios::binary);
    std::stringstream all;
    all << in.rdbuf();
    canned = all.str();
  }
  int sock = FCGX_OpenSocket(argv[1], 1024);
  if (sock < 0) {
    std::perror("FCGX_OpenSocket");
    return 1;
  }
  for (int i = 1; i < std::atoi(argv[2]); ++i)
    if (fork() == 0) break;  // N processes, one socket
  rng.seed(static_cast<uint64_t>(getpid()) * 1000003u + static_cast<uint64_t>(time(nullptr)));
  if (!fixed) connect(argv[4], argv[5]);
  FCGX_Init();
  FCGX_Request r;
  FCGX_InitRequest(&r, sock, 0);
  while (FCGX_Accept_r(&r) >= 0) {
    if (fixed) {
      FCGX_PutStr(canned.data(), static_cast<int>(canned.size()), r.out);
    } else {
      serve_db(r);
    }
    FCGX_Finish_r(&r);
  }
  return 0;
}
