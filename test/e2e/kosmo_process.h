// Runs the built `kosmo` binary as a subprocess, the way its users do, and captures everything
// a test needs to judge the run: stdout, stderr, exit status, wall time and peak RSS.
#pragma once

#include <rapidjson/document.h>
#include <spawn.h>
#include <sys/types.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "e2e/temp_dir.h"

namespace kosmo::e2e {

enum class StdinMode {
  kDevNull,   // stdin is /dev/null: not a terminal, empty
  kClosed,    // fd 0 is closed in the child
  kData,      // stdin is a pipe fed with ProcessOptions::stdin_data, then closed
  kHeldOpen,  // stdin is a pipe nothing is written to, closed only once the child has exited
};

enum class StdoutMode {
  kPipe,        // captured into ProcessResult::out
  kDevFull,     // /dev/full: every write fails with ENOSPC, as on a full disk
  kClosedPipe,  // a pipe whose read end is closed before the child starts: writes fail, EPIPE
};

struct ProcessOptions {
  std::vector<std::string> args;  // argv[1..]; argv[0] is the binary path
  // Start from a minimal environment instead of this process's: PATH, LANG=C.UTF-8, HOME and
  // KOSMO_HOME pointing to fresh temporary directories (removed after the run) unless `env`
  // sets them.
  bool minimal_env = false;
  std::vector<std::pair<std::string, std::string>> env;  // added last, overriding
  StdinMode stdin_mode = StdinMode::kDevNull;
  std::string stdin_data;
  StdoutMode stdout_mode = StdoutMode::kPipe;
  std::string cwd;                // empty: inherit
  double timeout_seconds = 60.0;  // wall clock; then the whole process group gets SIGKILL
  // Start the binary through a small trampoline (this executable re-executed) so that
  // peak_rss_kb is the binary's own, not inflated by this process (exec_trampoline.h).
  bool measure_child_rss = true;
  // Called with the child's pid right after it started (e.g. to sample /proc/<pid> while it
  // runs); with measure_child_rss the pid is the trampoline's.
  std::function<void(pid_t)> on_started = {};
  // Called about every 20 ms while the child runs, with its pid and the seconds since it
  // started, e.g. to send it a signal once it is in the middle of something (turn
  // measure_child_rss off so that the pid is the binary's own).
  std::function<void(pid_t, double)> while_running = {};
};

struct ProcessResult {
  std::string spawn_error;  // non-empty when the process could not be started
  std::string out;
  std::string err;
  int exit_code = -1;   // valid when term_signal == 0 and !timed_out
  int term_signal = 0;  // signal that ended the process, 0 when it exited normally
  bool timed_out = false;
  double wall_seconds = 0.0;
  long peak_rss_kb = 0;  // ru_maxrss of the child as reported by wait4

  bool exited_normally() const { return spawn_error.empty() && term_signal == 0 && !timed_out; }
  // One line for failure messages: "exit 3 after 1.20 s, rss 12345 KiB" or "killed by ...".
  std::string Describe() const;
};

ProcessResult RunProcess(const std::string& binary, const ProcessOptions& options);

// Spawn attributes for a child that starts as from a shell: its own process group, default
// signal dispositions and an empty signal mask (the test process ignores SIGPIPE). The caller
// destroys them with posix_spawnattr_destroy.
void InitShellLikeSpawnAttributes(posix_spawnattr_t* attr);

// $KOSMO_BIN when set, else the path compiled in by CMake.
std::string KosmoBinary();

// Runs KosmoBinary() with `options`.
ProcessResult RunKosmo(const ProcessOptions& options);

// Parses `text` as exactly one JSON document (UTF-8 validated, nothing but whitespace after it).
// On failure returns false and sets `why` (error, byte offset and a snippet of the text there).
bool ParseSingleJson(const std::string& text, rapidjson::Document* doc, std::string* why);

// Renders a value compactly, for failure messages.
std::string ToJson(const rapidjson::Value& value);

}  // namespace kosmo::e2e
