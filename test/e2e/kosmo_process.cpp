#include "e2e/kosmo_process.h"

#include <fcntl.h>
#include <poll.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>

#include "e2e/exec_trampoline.h"

extern char** environ;

namespace kosmo::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// After the child exits, its descendants may still hold the output pipes open; they get this
// long to close them before the whole process group is killed.
constexpr auto kDrainGrace = std::chrono::seconds(2);
// Upper bound on one poll() while the child runs, so exit and timeout are noticed promptly.
constexpr int kPollSliceMs = 20;
constexpr size_t kReadChunk = 64 * 1024;

// Variables that keep sanitizer and coverage runs meaningful; kept even in a minimal env.
constexpr const char* kPassThroughVars[] = {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
                                            "LLVM_PROFILE_FILE", "TMPDIR"};

std::string Errno(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Builds "NAME=value" strings: the base environment first, later entries overriding earlier
// ones with the same name.
std::vector<std::string> BuildEnvironment(const ProcessOptions& options, const TempDir* home,
                                          const TempDir* kosmo_home) {
  std::vector<std::pair<std::string, std::string>> vars;
  auto set = [&vars](const std::string& name, const std::string& value) {
    for (auto& [n, v] : vars) {
      if (n == name) {
        v = value;
        return;
      }
    }
    vars.emplace_back(name, value);
  };
  if (options.minimal_env) {
    set("PATH", "/usr/local/bin:/usr/bin:/bin");
    set("LANG", "C.UTF-8");
    set("HOME", home->path());
    set("KOSMO_HOME", kosmo_home->path());
    for (const char* name : kPassThroughVars) {
      if (const char* value = std::getenv(name)) set(name, value);
    }
  } else {
    for (char** e = environ; *e != nullptr; ++e) {
      std::string entry(*e);
      size_t eq = entry.find('=');
      if (eq != std::string::npos) set(entry.substr(0, eq), entry.substr(eq + 1));
    }
  }
  for (const auto& [name, value] : options.env) set(name, value);
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (const auto& [name, value] : vars) out.push_back(name + "=" + value);
  return out;
}

// Owns the parent's ends of the three pipes. A held-open stdin's end is `held_in`, out of the
// poll loop, closed once the child has exited.
struct Pipes {
  int in_w = -1, out_r = -1, err_r = -1, report_r = -1, held_in = -1;
  ~Pipes() {
    for (int fd : {in_w, out_r, err_r, report_r, held_in}) {
      if (fd >= 0) close(fd);
    }
  }
};

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

// Reads what is available from *fd into `sink`; closes *fd at EOF or on error.
void ReadAvailable(int* fd, std::string* sink) {
  char buf[kReadChunk];
  for (;;) {
    ssize_t n = read(*fd, buf, sizeof buf);
    if (n > 0) {
      sink->append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    CloseFd(fd);  // EOF or a real error
    return;
  }
}

// Writes as much of data[*offset..] as the pipe takes; closes *fd when done or when the child
// stopped reading (EPIPE).
void WriteAvailable(int* fd, const std::string& data, size_t* offset) {
  while (*offset < data.size()) {
    ssize_t n = write(*fd, data.data() + *offset, data.size() - *offset);
    if (n > 0) {
      *offset += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    break;
  }
  CloseFd(fd);
}

// Spawns the child in its own process group with the given pipes on fds 0/1/2. Returns the pid
// or -1 with `error` set.
pid_t Spawn(const std::vector<std::string>& argv_strings, const ProcessOptions& options,
            const std::vector<std::string>& env, int child_in, int child_out, int child_err,
            int report_w, std::string* error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  switch (options.stdin_mode) {
    case StdinMode::kDevNull:
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
      break;
    case StdinMode::kClosed:
      posix_spawn_file_actions_addclose(&actions, 0);
      break;
    case StdinMode::kData:
    case StdinMode::kHeldOpen:
      posix_spawn_file_actions_adddup2(&actions, child_in, 0);
      break;
  }
  if (options.stdout_mode == StdoutMode::kDevFull) {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/full", O_WRONLY, 0);
  } else {
    posix_spawn_file_actions_adddup2(&actions, child_out, 1);
  }
  posix_spawn_file_actions_adddup2(&actions, child_err, 2);
  if (report_w >= 0) posix_spawn_file_actions_adddup2(&actions, report_w, kReportFd);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());

  // The test process ignores SIGPIPE (see RunProcess); the child must not.
  posix_spawnattr_t attr;
  InitShellLikeSpawnAttributes(&attr);

  std::vector<char*> argv;
  for (const auto& a : argv_strings) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  const std::string& executable = argv_strings.front();
  int rc = posix_spawn(&pid, executable.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    *error = "posix_spawn " + executable + ": " + std::strerror(rc);
    return -1;
  }
  return pid;
}

bool MakePipe(int fds[2], std::string* error) {
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *error = Errno("pipe2");
    return false;
  }
  return true;
}

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

}  // namespace

std::string ProcessResult::Describe() const {
  char buf[160];
  if (!spawn_error.empty()) return "not started: " + spawn_error;
  if (timed_out) {
    std::snprintf(buf, sizeof buf, "timed out after %.2f s and was killed", wall_seconds);
  } else if (term_signal != 0) {
    std::snprintf(buf, sizeof buf, "killed by signal %d (%s) after %.2f s", term_signal,
                  strsignal(term_signal), wall_seconds);
  } else {
    std::snprintf(buf, sizeof buf, "exit %d after %.2f s, peak rss %ld KiB", exit_code,
                  wall_seconds, peak_rss_kb);
  }
  return buf;
}

void InitShellLikeSpawnAttributes(posix_spawnattr_t* attr) {
  posix_spawnattr_init(attr);
  sigset_t defaults, empty;
  sigfillset(&defaults);
  sigemptyset(&empty);
  posix_spawnattr_setsigdefault(attr, &defaults);
  posix_spawnattr_setsigmask(attr, &empty);
  posix_spawnattr_setpgroup(attr, 0);
  posix_spawnattr_setflags(attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
}

ProcessResult RunProcess(const std::string& binary, const ProcessOptions& options) {
  // A child that exits before reading all of its stdin must not kill the test with SIGPIPE.
  static const bool sigpipe_ignored = [] { return signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
  (void)sigpipe_ignored;

  ProcessResult result;
  std::optional<TempDir> home, kosmo_home;
  if (options.minimal_env) {
    home.emplace("kosmo-e2e-home-");
    kosmo_home.emplace("kosmo-e2e-kosmo-home-");
  }
  std::vector<std::string> env =
      BuildEnvironment(options, home ? &*home : nullptr, kosmo_home ? &*kosmo_home : nullptr);

  // The working directory changes in the child, so a relative binary path is resolved here.
  std::string target = binary;
  if (target.find('/') != std::string::npos) target = std::filesystem::absolute(target).string();
  std::vector<std::string> argv;
  const std::string self = options.measure_child_rss ? SelfExe() : std::string();
  if (!self.empty()) argv = {self, kTrampolineFlag};
  argv.push_back(target);
  argv.insert(argv.end(), options.args.begin(), options.args.end());

  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
  const bool stdin_pipe =
      options.stdin_mode == StdinMode::kData || options.stdin_mode == StdinMode::kHeldOpen;
  if ((stdin_pipe && !MakePipe(in, &result.spawn_error)) || !MakePipe(out, &result.spawn_error) ||
      !MakePipe(err, &result.spawn_error) ||
      (!self.empty() && !MakePipe(report, &result.spawn_error))) {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1], report[0], report[1]}) {
      if (fd >= 0) close(fd);
    }
    return result;
  }
  if (options.stdout_mode != StdoutMode::kPipe) CloseFd(&out[0]);  // nobody reads stdout
  Pipes pipes{in[1], out[0], err[0], report[0]};
  if (options.stdin_mode == StdinMode::kHeldOpen) std::swap(pipes.held_in, pipes.in_w);

  const auto start = Clock::now();
  pid_t pid = Spawn(argv, options, env, in[0], out[1], err[1], report[1], &result.spawn_error);
  for (int fd : {in[0], out[1], err[1], report[1]}) {
    if (fd >= 0) close(fd);
  }
  if (pid < 0) return result;
  if (options.on_started) options.on_started(pid);

  for (int fd : {pipes.in_w, pipes.out_r, pipes.err_r}) {
    if (fd >= 0) SetNonBlocking(fd);
  }
  if (options.stdin_mode == StdinMode::kData && options.stdin_data.empty()) CloseFd(&pipes.in_w);

  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(options.timeout_seconds));
  size_t stdin_offset = 0;
  bool reaped = false;
  int status = 0;
  Clock::time_point exit_time;
  struct rusage usage {};

  for (;;) {
    if (!reaped) {
      pid_t r = wait4(pid, &status, WNOHANG, &usage);
      if (r == pid) {
        reaped = true;
        exit_time = Clock::now();
        CloseFd(&pipes.in_w);
        CloseFd(&pipes.held_in);
      }
    }
    if (reaped && pipes.out_r < 0 && pipes.err_r < 0) break;
    const auto now = Clock::now();
    if (!reaped && options.while_running) options.while_running(pid, Seconds(now - start));
    if (!reaped && !result.timed_out && now >= deadline) {
      kill(-pid, SIGKILL);
      result.timed_out = true;
    }
    if (reaped && now - exit_time > kDrainGrace) {
      kill(-pid, SIGKILL);  // descendants still holding the pipes
      ReadAvailable(&pipes.out_r, &result.out);
      ReadAvailable(&pipes.err_r, &result.err);
      break;
    }

    struct pollfd fds[3];
    int nfds = 0;
    if (pipes.out_r >= 0) fds[nfds++] = {pipes.out_r, POLLIN, 0};
    if (pipes.err_r >= 0) fds[nfds++] = {pipes.err_r, POLLIN, 0};
    if (pipes.in_w >= 0) fds[nfds++] = {pipes.in_w, POLLOUT, 0};
    if (nfds == 0) {
      // Nothing left to pump; just wait for the child (still bounded by the deadline).
      if (!reaped) poll(nullptr, 0, kPollSliceMs);
      continue;
    }
    int ready = poll(fds, static_cast<nfds_t>(nfds), kPollSliceMs);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    for (int i = 0; i < nfds; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == pipes.out_r) {
        ReadAvailable(&pipes.out_r, &result.out);
      } else if (fds[i].fd == pipes.err_r) {
        ReadAvailable(&pipes.err_r, &result.err);
      } else if (fds[i].fd == pipes.in_w) {
        WriteAvailable(&pipes.in_w, options.stdin_data, &stdin_offset);
      }
    }
  }
  if (!reaped) {
    // Only reached if poll() failed; make sure no child is left behind.
    kill(-pid, SIGKILL);
    wait4(pid, &status, 0, &usage);
    exit_time = Clock::now();
  }

  result.wall_seconds = Seconds(exit_time - start);
  result.peak_rss_kb = usage.ru_maxrss;
  if (pipes.report_r >= 0) {
    std::string report;
    SetNonBlocking(pipes.report_r);
    ReadAvailable(&pipes.report_r, &report);
    ApplyTrampolineReport(report, &status, &result.peak_rss_kb, &result.spawn_error);
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  }
  return result;
}

std::string KosmoBinary() {
  if (const char* bin = std::getenv("KOSMO_BIN"); bin != nullptr && *bin != '\0') return bin;
#ifdef KOSMO_BIN
  return KOSMO_BIN;
#else
  return "kosmo";
#endif
}

ProcessResult RunKosmo(const ProcessOptions& options) { return RunProcess(KosmoBinary(), options); }

bool ParseSingleJson(const std::string& text, rapidjson::Document* doc, std::string* why) {
  auto snippet = [&text](size_t at) {
    size_t from = at > 40 ? at - 40 : 0;
    return " near byte " + std::to_string(at) + ": «" + text.substr(from, 80) + "»";
  };
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    *why = "stdout is empty (no JSON document)";
    return false;
  }
  rapidjson::MemoryStream stream(text.data(), text.size());
  constexpr unsigned kFlags = rapidjson::kParseStopWhenDoneFlag |
                              rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseFullPrecisionFlag;
  doc->ParseStream<kFlags, rapidjson::UTF8<>>(stream);
  if (doc->HasParseError()) {
    *why = std::string("not valid JSON: ") + rapidjson::GetParseError_En(doc->GetParseError()) +
           snippet(doc->GetErrorOffset());
    return false;
  }
  size_t end = stream.Tell();
  size_t extra = text.find_first_not_of(" \t\r\n", end);
  if (extra != std::string::npos) {
    *why = "more than one JSON document, or trailing bytes after it" + snippet(extra);
    return false;
  }
  return true;
}

std::string ToJson(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace kosmo::e2e
