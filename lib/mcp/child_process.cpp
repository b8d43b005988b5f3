#include "lib/mcp/child_process.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <string_view>
#include <system_error>
#include <thread>

#include "lib/common/pipe.h"

namespace kosmo::mcp {
namespace {

// Live process groups, for kill_all_server_groups. A fixed table of atomics because that
// function runs from contexts where locks and allocation are off limits.
constexpr size_t kMaxTrackedGroups = 64;
std::array<std::atomic<pid_t>, kMaxTrackedGroups> g_groups{};

void track_group(pid_t group) {
  for (auto& slot : g_groups) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, group)) return;
  }
}

void untrack_group(pid_t group) {
  for (auto& slot : g_groups) {
    pid_t expected = group;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// Waits until every process has exited or `timeout` passed.
void wait_for_all(std::span<ChildProcess* const> processes, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto step = std::chrono::microseconds(200);
  for (;;) {
    bool all_exited = true;
    for (ChildProcess* process : processes) all_exited = process->has_exited() && all_exited;
    if (all_exited || std::chrono::steady_clock::now() >= deadline) return;
    std::this_thread::sleep_for(step);
    step = std::min<std::chrono::microseconds>(step * 2, std::chrono::milliseconds(10));
  }
}

// `timeout` cut to what is left of `deadline`.
std::chrono::milliseconds within(std::chrono::milliseconds timeout, const Deadline& deadline) {
  const double seconds = deadline.cap(std::chrono::duration<double>(timeout).count());
  return std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

}  // namespace

const std::vector<std::string>& passed_through_variables() {
  static const std::vector<std::string> names = {"PATH", "HOME",   "USER",     "LOGNAME", "SHELL",
                                                 "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR",  "TZ"};
  return names;
}

std::vector<std::string> child_environment(const config::Environment& parent,
                                           const std::map<std::string, std::string>& extra) {
  std::vector<std::string> environment;
  for (const std::string& name : passed_through_variables()) {
    if (extra.count(name) > 0) continue;
    std::optional<std::string> value = parent.get(name);
    if (value && !value->empty()) environment.push_back(name + "=" + *value);
  }
  for (const auto& [name, value] : extra) environment.push_back(name + "=" + value);
  return environment;
}

Outcome<std::unique_ptr<ChildProcess>, std::error_code> ChildProcess::start(const SpawnSpec& spec) {
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  pid_t pid = -1;
  int error = make_cloexec_pipe(in);
  if (error == 0) error = make_cloexec_pipe(out);
  if (error == 0) error = make_cloexec_pipe(err);
  if (error == 0) error = spawn_server_process(spec, in[0], out[1], err[1], pid);
  for (int* fd : {&in[0], &out[1], &err[1]}) close_fd(*fd);  // the child's ends
  if (error != 0) {
    for (int* fd : {&in[1], &out[0], &err[0]}) close_fd(*fd);
    return std::error_code(error, std::generic_category());
  }
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, in[1], out[0], err[0]));
}

ChildProcess::ChildProcess(pid_t pid, int stdin_fd, int stdout_fd, int stderr_fd)
    : pid_(pid), stdin_fd_(stdin_fd), stdout_fd_(stdout_fd), stderr_fd_(stderr_fd) {
  track_group(pid_);
  // Writes must never block past a request's deadline (a server that stops reading).
  fcntl(stdin_fd_, F_SETFL, fcntl(stdin_fd_, F_GETFL) | O_NONBLOCK);
}

ChildProcess::~ChildProcess() {
  stop();
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

void ChildProcess::close_stdin() { close_fd(stdin_fd_); }

bool ChildProcess::has_exited() {
  if (reaped_ || exit_info_) return true;
  siginfo_t info{};
  int rc = waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
  if (rc == 0 && info.si_pid == pid_) {
    exit_info_ = info;
    return true;
  }
  // ECHILD: reaped behind our back (SIGCHLD ignored, or someone's waitpid(-1)); it is gone.
  if (rc == -1 && errno == ECHILD) {
    reaped_ = true;
    untrack_group(pid_);
    return true;
  }
  return false;
}

bool ChildProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto step = std::chrono::microseconds(200);
  while (!has_exited()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(step);
    step = std::min<std::chrono::microseconds>(step * 2, std::chrono::milliseconds(10));
  }
  return true;
}

std::string ChildProcess::describe_exit() {
  if (!has_exited()) return "running";
  if (exit_info_) {
    if (exit_info_->si_code == CLD_EXITED) {
      return "exit code " + std::to_string(exit_info_->si_status);
    }
    return "killed by signal " + std::to_string(exit_info_->si_status);
  }
  if (wait_status_ && WIFEXITED(*wait_status_)) {
    return "exit code " + std::to_string(WEXITSTATUS(*wait_status_));
  }
  if (wait_status_ && WIFSIGNALED(*wait_status_)) {
    return "killed by signal " + std::to_string(WTERMSIG(*wait_status_));
  }
  return "exited";
}

void ChildProcess::stop(const StopTimings& timings) noexcept {
  ChildProcess* const self[] = {this};
  stop_processes(self, timings);
}

void stop_processes(std::span<ChildProcess* const> processes, const StopTimings& timings,
                    const Deadline& deadline) noexcept {
  bool any_running = false;
  for (ChildProcess* process : processes) {
    if (process->pid_ <= 0 || process->reaped_) continue;
    process->close_stdin();
    any_running = true;
  }
  if (!any_running) return;
  wait_for_all(processes, within(timings.after_stdin_close, deadline));
  bool any_signalled = false;
  for (ChildProcess* process : processes) {
    if (process->pid_ <= 0 || process->has_exited()) continue;
    kill(-process->pid_, SIGTERM);
    any_signalled = true;
  }
  if (any_signalled) wait_for_all(processes, within(timings.after_sigterm, deadline));
  for (ChildProcess* process : processes) process->kill_and_reap();
}

void ChildProcess::kill_and_reap() noexcept {
  // Reaped behind our back: the group id may belong to someone else now.
  if (pid_ <= 0 || reaped_) return;
  // Also when the leader exited by itself: whatever it left in its group goes with it. The
  // unreaped leader keeps the group id reserved, so this cannot reach an unrelated process.
  kill(-pid_, SIGKILL);
  int status = 0;
  pid_t reaped = -1;
  while ((reaped = waitpid(pid_, &status, 0)) == -1 && errno == EINTR) {
  }
  if (reaped == pid_) wait_status_ = status;
  reaped_ = true;
  untrack_group(pid_);
}

void kill_all_server_groups() noexcept { signal_all_server_groups(SIGKILL); }

void signal_all_server_groups(int signal) noexcept {
  for (auto& slot : g_groups) {
    pid_t group = slot.load();
    if (group > 0) kill(-group, signal);
  }
}

}  // namespace kosmo::mcp
