#pragma once
// A server process on three pipes, in its own process group, that is always reaped.
//
// Why a process group: MCP servers are often wrappers (npx → node, uvx → python, sh -c ...) whose
// real server is a grandchild. Signalling the group reaches all of them, and the group never
// receives the terminal's Ctrl-C, so kosmo alone decides when its servers stop.
//
// Exit is detected with waitid(WNOWAIT): the exited leader stays a zombie until terminate()
// reaps it, so its pid, and with it the process group id, cannot be reused by an unrelated
// process while kosmo may still signal the group.
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "lib/common/deadline.h"
#include "lib/common/outcome.h"
#include "lib/config/environment.h"
#include "lib/mcp/process_spawn.h"

namespace kosmo::mcp {

// The variables passed through from kosmo's environment when set: PATH HOME USER LOGNAME SHELL
// LANG LC_ALL LC_CTYPE TMPDIR TZ. Enough for interpreters, package runners (npx needs HOME for
// its cache) and locale-aware output; credentials in kosmo's environment do not leak into
// servers unless an entry's `env` passes them on explicitly.
const std::vector<std::string>& passed_through_variables();

// The child environment: the passed-through variables, then `extra` (which wins).
std::vector<std::string> child_environment(const config::Environment& parent,
                                           const std::map<std::string, std::string>& extra);

struct StopTimings {
  // After stdin is closed, how long a well-behaved server gets to exit on its own.
  std::chrono::milliseconds after_stdin_close{200};
  // After SIGTERM to the group, how long before SIGKILL.
  std::chrono::milliseconds after_sigterm{500};
};

class ChildProcess {
 public:
  // Starts the process, or says why it could not start: ENOENT for a command not found, the
  // errno of pipe, fork or exec otherwise (process_spawn.h). All pipe ends kosmo keeps are
  // close-on-exec.
  static Outcome<std::unique_ptr<ChildProcess>, std::error_code> start(const SpawnSpec& spec);
  ~ChildProcess();  // stop() with the default timings, then closes the pipes
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  int stdin_fd() const { return stdin_fd_; }  // non-blocking; -1 once closed
  int stdout_fd() const { return stdout_fd_; }
  int stderr_fd() const { return stderr_fd_; }
  void close_stdin();

  // Whether the process has exited (without reaping it).
  bool has_exited();
  // Waits up to `timeout` for the process to exit; returns whether it has.
  bool wait_for_exit(std::chrono::milliseconds timeout);
  // "exit code 3", "killed by signal 9", or "running".
  std::string describe_exit();

  // Closes stdin, waits, SIGTERM to the group, waits, SIGKILL to the group (also sweeping
  // grandchildren left behind by a leader that exited on its own), and reaps the leader.
  // Idempotent, never throws. stop_processes does the same for several processes at once.
  void stop(const StopTimings& timings = {}) noexcept;
  bool stopped() const { return reaped_; }

 private:
  friend void stop_processes(std::span<ChildProcess* const> processes, const StopTimings& timings,
                             const Deadline& deadline) noexcept;
  ChildProcess(pid_t pid, int stdin_fd, int stdout_fd, int stderr_fd);
  // SIGKILL to the group and the final wait for the leader; the last step of every stop.
  void kill_and_reap() noexcept;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  bool reaped_ = false;
  std::optional<siginfo_t> exit_info_;  // seen by has_exited (process left unreaped)
  std::optional<int> wait_status_;      // from the final waitpid when exit_info_ was not seen
};

// Stops `processes` as ChildProcess::stop does, phase by phase for all of them together: stdin
// of every one is closed, then one wait for all, SIGTERM to every group still running, one wait,
// SIGKILL to every group. Ten servers that ignore SIGTERM so cost one grace period, not ten.
// Each wait is cut to what is left of `deadline` (the run's --timeout): a run that is out of
// time does not also wait for its servers. Never throws.
void stop_processes(std::span<ChildProcess* const> processes, const StopTimings& timings,
                    const Deadline& deadline = {}) noexcept;

// SIGKILL to the process group of every server still running. Async-signal-safe, for paths that
// leave without unwinding (the run guard's last resort about to _exit) and for signal handlers;
// normal paths use ChildProcess::stop.
void kill_all_server_groups() noexcept;
// `signal` to the process group of every server still running, from any thread (the SIGTERM of
// an interrupted run). Async-signal-safe.
void signal_all_server_groups(int signal) noexcept;

}  // namespace kosmo::mcp
