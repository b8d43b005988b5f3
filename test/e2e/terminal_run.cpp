#include "e2e/terminal_run.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "e2e/kosmo_process.h"
#include "e2e/temp_dir.h"

namespace kosmo::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// Reads what is there; false at EOF or on an error (EIO once the terminal's last writer left).
bool Drain(int fd, std::string* sink) {
  char buffer[8192];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      sink->append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
}

// stdin /dev/null, stdout `out_w`, stderr the terminal `slave`; its own process group, default
// signal dispositions, as from a shell. Returns posix_spawn's error number (0: started).
int SpawnWithTerminalStderr(std::vector<std::string> argv_strings, std::vector<std::string> env,
                            int slave, int out_w, pid_t* pid) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_w, 1);
  posix_spawn_file_actions_adddup2(&actions, slave, 2);
  posix_spawnattr_t attr;
  InitShellLikeSpawnAttributes(&attr);
  std::vector<char*> argv, envp;
  for (auto& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  for (auto& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);
  const int spawned = posix_spawn(pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  return spawned;
}

}  // namespace

std::string TerminalRunResult::Describe() const {
  if (!error.empty()) return "not started: " + error;
  if (timed_out) return "timed out and was killed";
  if (term_signal != 0) return "killed by signal " + std::to_string(term_signal);
  return "exit " + std::to_string(exit_code) + "\nstdout: " + out + "\nterminal: " + terminal;
}

TerminalRunResult RunKosmoOnTerminal(const TerminalRunOptions& options) {
  TerminalRunResult result;
  TempDir home("kosmo-e2e-home-"), kosmo_home("kosmo-e2e-kosmo-home-");
  std::vector<std::string> env = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
                                  "HOME=" + home.path(), "KOSMO_HOME=" + kosmo_home.path()};
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TMPDIR"}) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  for (const auto& [name, value] : options.env) env.push_back(name + "=" + value);

  int master = -1, slave = -1;
  struct winsize size {};
  size.ws_col = 120;
  size.ws_row = 40;
  if (openpty(&master, &slave, nullptr, nullptr, &size) != 0) {
    result.error = std::string("openpty: ") + std::strerror(errno);
    return result;
  }
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    result.error = std::string("pipe2: ") + std::strerror(errno);
    close(master);
    close(slave);
    return result;
  }
  fcntl(master, F_SETFD, FD_CLOEXEC);

  const std::string binary = KosmoBinary();
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  pid_t pid = -1;
  const int spawned = SpawnWithTerminalStderr(argv, env, slave, out[1], &pid);
  close(slave);
  close(out[1]);
  if (spawned != 0) {
    result.error = "posix_spawn " + binary + ": " + std::strerror(spawned);
    close(master);
    close(out[0]);
    return result;
  }
  fcntl(master, F_SETFL, O_NONBLOCK);
  fcntl(out[0], F_SETFL, O_NONBLOCK);

  const auto start = Clock::now();
  bool reaped = false, master_open = true, out_open = true;
  int status = 0;
  while (!reaped || master_open || out_open) {
    if (!reaped && waitpid(pid, &status, WNOHANG) == pid) reaped = true;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (!reaped && elapsed > options.timeout_seconds) {
      kill(-pid, SIGKILL);
      result.timed_out = true;
    }
    if (reaped && elapsed > options.timeout_seconds + 2) break;  // a descendant holds them
    if (!reaped && options.while_running) options.while_running(pid, elapsed);
    struct pollfd fds[2] = {{master_open ? master : -1, POLLIN, 0},
                            {out_open ? out[0] : -1, POLLIN, 0}};
    poll(fds, 2, 20);
    const size_t before = result.terminal.size();
    if (master_open) master_open = Drain(master, &result.terminal);
    if (out_open) out_open = Drain(out[0], &result.out);
    if (!reaped && result.terminal.size() != before && options.on_terminal_output) {
      options.on_terminal_output(pid, result.terminal);
    }
    // The terminal never reports EOF while the child lives; once it is gone, what is left
    // has been read by the Drain above.
    if (reaped && master_open) {
      Drain(master, &result.terminal);
      master_open = false;
    }
  }
  if (!reaped) {
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  close(master);
  close(out[0]);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

}  // namespace kosmo::e2e
