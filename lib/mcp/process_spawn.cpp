#include "lib/mcp/process_spawn.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <string_view>

#include "lib/common/pipe.h"

namespace kosmo::mcp {
namespace {

std::string value_of(const std::vector<std::string>& environment, std::string_view name) {
  for (const std::string& entry : environment) {
    if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 &&
        entry[name.size()] == '=') {
      return entry.substr(name.size() + 1);
    }
  }
  return "";
}

// execvp semantics, but against the child's PATH rather than kosmo's; nullopt: not found.
std::optional<std::string> resolve_command(const SpawnSpec& spec) {
  if (spec.command.find('/') != std::string::npos) return spec.command;
  std::string path = value_of(spec.environment, "PATH");
  if (path.empty()) path = "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + spec.command;
    struct stat info {};
    if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> result;
  for (std::string& text : strings) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

// What the child needs, all prepared before fork.
struct ChildSetup {
  const char* path;
  char* const* argv;
  char* const* envp;
  const char* cwd;  // nullptr: stay
  int in, out, err;
  int report;  // write end of the close-on-exec pipe that carries a failure's errno
  pid_t parent;
};

[[noreturn]] void fail_in_child(int report) {
  const int error = errno;
  (void)!write(report, &error, sizeof error);
  _exit(127);
}

// The child's side of the fork; only async-signal-safe calls.
[[noreturn]] void become_server(const ChildSetup& setup) {
  // Caught signals would be reset by exec anyway, but SIG_IGN survives it (kosmo ignores
  // SIGPIPE), and no handler of kosmo's may run here once signals are unblocked below.
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal = 1; signal < NSIG; ++signal) sigaction(signal, &default_action, nullptr);
  if (setpgid(0, 0) != 0) fail_in_child(setup.report);
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail_in_child(setup.report);
  // kosmo may have died before prctl: then no signal would ever come.
  if (getppid() != setup.parent) _exit(127);
  if (dup2(setup.in, 0) < 0 || dup2(setup.out, 1) < 0 || dup2(setup.err, 2) < 0) {
    fail_in_child(setup.report);
  }
  // kosmo opens its own descriptors close-on-exec; closing everything else above 2 covers what
  // a library opens without O_CLOEXEC, so a server never holds a connection, cassette or config
  // file of the run (nor keeps a pipe of another server open). The report pipe closes on exec.
  if (setup.report > 3) close_range(3, static_cast<unsigned>(setup.report) - 1, 0);
  close_range(static_cast<unsigned>(setup.report) + 1, ~0U, 0);
  if (setup.cwd != nullptr && chdir(setup.cwd) != 0) fail_in_child(setup.report);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execve(setup.path, setup.argv, setup.envp);
  fail_in_child(setup.report);
}

// Forks and waits for the child's exec (or its failure); 0 or an errno.
int fork_and_exec(const ChildSetup& setup, int report_read, pid_t& pid) {
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  pid = fork();
  if (pid == 0) become_server(setup);
  const int fork_error = errno;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  ::close(setup.report);
  if (pid < 0) return fork_error;
  // Also from this side, so the group exists before kosmo may signal it (fails harmlessly once
  // the child has exec'd).
  setpgid(pid, pid);
  int child_error = 0;
  ssize_t n = -1;
  while ((n = read(report_read, &child_error, sizeof child_error)) < 0 && errno == EINTR) {
  }
  if (n != static_cast<ssize_t>(sizeof child_error)) return 0;  // EOF: exec closed the pipe
  while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  pid = -1;
  return child_error;
}

}  // namespace

int spawn_server_process(const SpawnSpec& spec, int in, int out, int err, pid_t& pid) {
  const std::optional<std::string> path = resolve_command(spec);
  if (!path) return ENOENT;
  std::vector<std::string> argv_strings{spec.command};
  argv_strings.insert(argv_strings.end(), spec.args.begin(), spec.args.end());
  std::vector<std::string> env_strings = spec.environment;
  std::vector<char*> argv = pointers(argv_strings);
  std::vector<char*> envp = pointers(env_strings);
  int report[2];
  if (const int error = make_cloexec_pipe(report)) return error;
  const ChildSetup setup{path->c_str(),
                         argv.data(),
                         envp.data(),
                         spec.cwd.empty() ? nullptr : spec.cwd.c_str(),
                         in,
                         out,
                         err,
                         report[1],
                         getpid()};
  const int error = fork_and_exec(setup, report[0], pid);
  ::close(report[0]);
  return error;
}

}  // namespace kosmo::mcp
