#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace morapi::check {

// `morapi --check` (like `nginx -t`): reads the configuration as a start would (args without
// `--check`), reports every problem on a line of its own, connects to the database and checks
// its schema, says what morapi would listen on. Writes to `out`; 0 when all is well, else 1.
// The systemd unit's ExecStartPre and the package's postinst run it.
int run_check(const std::vector<std::string>& args, std::ostream& out);

}  // namespace morapi::check
