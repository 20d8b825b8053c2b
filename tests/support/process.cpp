#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

namespace morapi::testing {

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

// A child that exits while we still write its stdin must fail that write, not kill the test.
void ignore_sigpipe() {
  static const bool done = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

// Closes a descriptor on scope exit; -1 means none.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::vector<char*> to_c_argv(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::invalid_argument("empty argv");
  std::vector<char*> result;
  for (const auto& arg : argv) result.push_back(const_cast<char*>(arg.c_str()));
  result.push_back(nullptr);
  return result;
}

// Runs in the forked child, so only async-signal-safe calls. Ignored signals and the signal
// mask survive exec: undo ours so the server under test sees default SIGPIPE handling. Every
// other inherited descriptor is closed, so a server never keeps a pipe of run_command open.
[[noreturn]] void exec_child(char* const* argv, int in_fd, int out_fd, int error_fd) {
  ::signal(SIGPIPE, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  if (::dup2(in_fd, 0) < 0 || ::dup2(out_fd, 1) < 0 || ::dup2(out_fd, 2) < 0) ::_exit(127);
  if (error_fd > 3) ::close_range(3, error_fd - 1, 0);
  ::close_range(error_fd + 1, UINT_MAX, 0);
  ::execvp(argv[0], argv);
  int error = errno;
  // error_fd is close-on-exec: the parent reads EOF on success, errno on failure.
  [[maybe_unused]] auto ignored = ::write(error_fd, &error, sizeof error);
  ::_exit(127);
}

// Forks and execs; throws if exec fails. in_fd/out_fd become the child's stdin and
// stdout+stderr.
pid_t spawn(const std::vector<std::string>& argv, int in_fd, int out_fd) {
  auto c_argv = to_c_argv(argv);
  int error_pipe[2];
  if (::pipe2(error_pipe, O_CLOEXEC) != 0) throw_errno("pipe2");
  Fd error_read(error_pipe[0]);
  Fd error_write(error_pipe[1]);
  pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) exec_child(c_argv.data(), in_fd, out_fd, error_write.get());
  error_write.reset();
  int error = 0;
  ssize_t n;
  do {
    n = ::read(error_read.get(), &error, sizeof error);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    ::waitpid(pid, nullptr, 0);
    throw std::runtime_error("cannot execute " + argv[0] + ": " + std::strerror(error));
  }
  return pid;
}

int exit_code_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Process::Process(const std::vector<std::string>& argv, const std::string& output_file)
    : output_file_(output_file) {
  ignore_sigpipe();
  // Append, so a server restarted within one test keeps one log.
  Fd out(::open(output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (out.get() < 0) throw_errno("open " + output_file);
  Fd in(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) throw_errno("open /dev/null");
  pid_ = spawn(argv, in.get(), out.get());
}

Process::Process(Process&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      status_(std::exchange(other.status_, std::nullopt)),
      output_file_(std::move(other.output_file_)) {}

Process::~Process() {
  if (pid_ > 0) stop();
}

bool Process::alive() {
  if (pid_ <= 0 || status_) return false;
  int status = 0;
  pid_t result = ::waitpid(pid_, &status, WNOHANG);
  if (result == pid_) {
    status_ = status;
    return false;
  }
  return result == 0;
}

void Process::signal(int sig) {
  // After the reap the pid may belong to someone else.
  if (alive()) ::kill(pid_, sig);
}

std::optional<int> Process::wait_exit(std::chrono::milliseconds timeout) {
  wait_until([this] { return !alive(); }, timeout, std::chrono::milliseconds(10));
  return status_;
}

int Process::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0) throw std::logic_error("stop() on a moved-from Process");
  signal(SIGTERM);
  if (!wait_exit(grace)) {
    signal(SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    status_ = status;
  }
  return *status_;
}

CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text,
                          std::chrono::milliseconds timeout) {
  ignore_sigpipe();
  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) throw_errno("pipe2");
  Fd in_read(in_pipe[0]);
  Fd in_write(in_pipe[1]);
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw_errno("pipe2");
  Fd out_read(out_pipe[0]);
  Fd out_write(out_pipe[1]);
  pid_t pid = spawn(argv, in_read.get(), out_write.get());
  in_read.reset();
  out_write.reset();
  // Non-blocking stdin: a client that writes a lot before reading all its input must not
  // deadlock against us.
  ::fcntl(in_write.get(), F_SETFL, O_NONBLOCK);
  if (stdin_text.empty()) in_write.reset();

  CommandResult result{0, {}};
  size_t written = 0;
  const auto deadline = Clock::now() + timeout;
  while (out_read.get() >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      throw std::runtime_error("command timed out: " + argv[0] + "\n" + result.output);
    }
    pollfd fds[2] = {{out_read.get(), POLLIN, 0}, {in_write.get(), POLLOUT, 0}};
    int count = ::poll(fds, in_write.get() >= 0 ? 2 : 1, static_cast<int>(left.count()));
    if (count < 0 && errno != EINTR) throw_errno("poll");
    if (count <= 0) continue;
    if (fds[0].revents != 0) {
      char buffer[65536];
      ssize_t n = ::read(out_read.get(), buffer, sizeof buffer);
      if (n > 0) {
        result.output.append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        out_read.reset();
      }
    }
    if (in_write.get() >= 0 && fds[1].revents != 0) {
      ssize_t n = ::write(in_write.get(), stdin_text.data() + written, stdin_text.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      // EPIPE: the command stopped reading; its exit code tells the rest.
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == stdin_text.size()) {
        in_write.reset();
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = exit_code_of(status);
  return result;
}

bool wait_until(const std::function<bool()>& predicate, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval) {
  const auto deadline = Clock::now() + timeout;
  while (!predicate()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
  return true;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace morapi::testing
