#pragma once
// Starting a server process: fork, then in the child the setup posix_spawn used to do (its own
// process group, default signal dispositions, an empty signal mask, the pipes as 0/1/2, the
// working directory) plus PR_SET_PDEATHSIG, then exec.
//
// Why not posix_spawn: it cannot ask the kernel to kill the child when kosmo dies, and a kosmo
// that is SIGKILLed (an OOM kill, a CI runner's timeout) runs no code to stop its servers, so
// they stayed behind. PR_SET_PDEATHSIG must be set by the child itself between fork and exec.
// Why fork and not vfork: a vfork child borrows kosmo's memory and stack while kosmo's thread
// waits, so any slip corrupts kosmo; fork copies ~10 MB of page tables, nothing next to a
// server's start. Why not a trampoline (kosmo re-executing itself to call prctl): an extra exec
// of kosmo per server, /proc/self/exe, and a hidden mode in argv parsing, for the same result.
//
// Between fork and exec the child runs only async-signal-safe system calls on data prepared
// before the fork (it is a copy of a multi-threaded process whose other threads' locks may be
// held): nothing allocates there. Every signal is blocked around fork so that no handler of
// kosmo's runs in the child before its dispositions are reset. An exec failure's errno comes
// back over a close-on-exec pipe, as posix_spawn reports it.
//
// PR_SET_PDEATHSIG fires when the *thread* that forked exits, not the process: servers are
// started from the thread that runs the script (the main thread), which lives as long as kosmo.
// It reaches the server process itself; a wrapper's own children (npx → node) are not covered
// when kosmo is SIGKILLed (on every other way out kosmo signals the whole group).
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace kosmo::mcp {

struct SpawnSpec {
  // Run as given when it contains '/' (relative to `cwd`), else looked up in the PATH of
  // `environment` (the child's PATH, which may differ from kosmo's).
  std::string command;
  std::vector<std::string> args;
  std::vector<std::string> environment;  // "NAME=value", the child's entire environment
  std::filesystem::path cwd;             // empty: kosmo's working directory
};

// Starts `spec` with `in`, `out` and `err` (close-on-exec descriptors above 2, see
// lib/common/pipe.h) as its 0, 1 and
// 2, leader of a new process group. Returns 0 and sets `pid`, or the errno of what failed:
// ENOENT for a command not found, else that of fork or of the child's setup or exec (the child
// is reaped then).
int spawn_server_process(const SpawnSpec& spec, int in, int out, int err, pid_t& pid);

}  // namespace kosmo::mcp
