// Linux folds the address space a process had before execve into its ru_maxrss, so a child
// spawned straight from the (large, growing) test process would report at least the test
// process's RSS. To measure kosmo alone, RunProcess starts this test binary again in
// "trampoline" mode: it is still small when, before main, it spawns the real target, waits for
// it and reports the target's wait status and ru_maxrss on fd kReportFd.
// Trampoline argv: self, kTrampolineFlag, binary, args...
#pragma once

#include <string>

namespace kosmo::e2e {

inline constexpr char kTrampolineFlag[] = "--kosmo-e2e-trampoline";
inline constexpr int kReportFd = 3;

// Path of the running executable, empty when /proc is unavailable.
std::string SelfExe();

// Applies the trampoline's report, if complete, to the wait status and RSS of the run; a
// failed spawn of the target sets `spawn_error`.
void ApplyTrampolineReport(const std::string& report, int* status, long* maxrss,
                           std::string* spawn_error);

}  // namespace kosmo::e2e
