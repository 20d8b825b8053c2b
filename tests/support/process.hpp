#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace morapi::testing {

// A long-running child (morapi, mariadbd, nginx) whose stdout and stderr go to a file, so a
// failing test can show what the server said. The destructor makes sure nothing outlives the
// test: SIGTERM, then SIGKILL after 5 s, then reap.
class Process {
 public:
  // argv[0] is looked up in PATH. Appends to output_file (created if missing). Throws
  // std::runtime_error if the program cannot be executed.
  Process(const std::vector<std::string>& argv, const std::string& output_file);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) = delete;

  pid_t pid() const { return pid_; }
  const std::string& output_file() const { return output_file_; }
  // False once the child has exited (it is reaped here, its status kept).
  bool alive();
  // Sends sig to the child; does nothing once it has been reaped.
  void signal(int sig);
  // The waitpid() status (use WIFEXITED/WEXITSTATUS/WIFSIGNALED) once the child has exited,
  // or nullopt if it is still running after timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  // What the destructor does, for tests that want the status: SIGTERM, SIGKILL after grace.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string output_file_;
};

struct CommandResult {
  int exit_code;       // 128 + signal number if the command was killed by a signal
  std::string output;  // stdout and stderr interleaved
};

// Runs a short command to completion, feeding it stdin_text. Throws std::runtime_error if it
// cannot be executed or runs longer than timeout (it is killed then), so a hung client fails
// the test instead of hanging it.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text = "",
                          std::chrono::milliseconds timeout = std::chrono::seconds(120));

// Polls predicate every interval until it returns true (-> true) or timeout passes (-> false).
bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20));

// The whole content of a file, or "" if it cannot be read: for failure messages.
std::string read_file(const std::string& path);

}  // namespace morapi::testing
