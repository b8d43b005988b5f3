// Runs the built `kosmo` with its stderr on a pseudo-terminal (stdout stays a pipe, stdin is
// /dev/null), as a user watching a run with `--json > envelope.json` sees it: what kosmo does
// only for a terminal (live print() lines, the status line, colour) can then be tested.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace kosmo::e2e {

struct TerminalRunOptions {
  std::vector<std::string> args;
  // Added to a minimal environment (PATH, LANG=C.UTF-8, fresh HOME and KOSMO_HOME).
  std::vector<std::pair<std::string, std::string>> env;
  double timeout_seconds = 30;  // then the process group gets SIGKILL
  // Called whenever more terminal output arrived, with everything so far, while kosmo runs.
  std::function<void(pid_t, const std::string& terminal)> on_terminal_output = {};
  // Called about every 20 ms while kosmo runs, with the seconds since it started.
  std::function<void(pid_t, double)> while_running = {};
};

struct TerminalRunResult {
  std::string error;     // non-empty when kosmo could not be started
  std::string out;       // stdout
  std::string terminal;  // everything written to the terminal (stderr), raw bytes
  int exit_code = -1;
  int term_signal = 0;
  bool timed_out = false;
  std::string Describe() const;
};

TerminalRunResult RunKosmoOnTerminal(const TerminalRunOptions& options);

}  // namespace kosmo::e2e
