#pragma once
// Everything kosmo prints on stdout goes through here, so a stdout that cannot be written (a
// full disk, a pipe whose reader has gone) is noticed once and turned into a failed exit: never
// a silent success, never death by SIGPIPE (the process edge ignores it, see cli_app.cpp).
//
// Exit code: a run or command whose stdout was lost exits 5 (the `configuration` class: the
// environment kosmo runs in must be fixed, not the script), whatever the run's own outcome, with
// "Error: cannot write to stdout: <reason>" on stderr. Nothing of the result can reach the
// caller, so a 0 would be a lie, and the run's own error, when there was one, is also repeated
// on stderr by the run report.
#include <string_view>

namespace kosmo::cli {

// Exactly one envelope per process: the report and the run guard's last resort (a signal
// handler, hence a lock-free atomic) both claim stdout first; only the first claim succeeds.
bool claim_stdout();

// Writes all of `text` to fd 1 (retrying short writes, waiting out a non-blocking stdout).
// Returns false when stdout failed, now or earlier; after a failure nothing more is written.
bool write_stdout(std::string_view text);

// `exit_code` when everything written to stdout (std::cout included) arrived; otherwise reports
// the failure on stderr and returns kExitConfig. Called once, as the process ends.
int exit_code_after_output(int exit_code);

}  // namespace kosmo::cli
