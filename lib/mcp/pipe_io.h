#pragma once
// Deadline-bounded writes to a non-blocking pipe, without SIGPIPE.
//
// SIGPIPE: a write to a pipe whose reader has exited raises SIGPIPE, whose default action kills
// kosmo. MSG_NOSIGNAL exists only for sockets, and the library does not change the process-wide
// disposition (an embedder, libcurl and tests keep theirs). Where SIGPIPE is ignored anyway, as
// kosmo's CLI does for the whole run (cli_app.cpp), a write to a gone reader already fails with
// EPIPE and needs nothing more. Otherwise the calling thread blocks SIGPIPE around its write and
// consumes a SIGPIPE its own write raised before unblocking, so the failure is seen as EPIPE and
// nothing else changes; that costs three system calls per message, hence the choice.
#include <chrono>
#include <string_view>

namespace kosmo::mcp {

using SteadyClock = std::chrono::steady_clock;
using WaitUntil = SteadyClock::time_point;

enum class WriteStatus {
  kOk,
  kTimedOut,  // the reader did not take the bytes before the deadline
  kClosed,    // the reader is gone (EPIPE) or the descriptor failed
};

// How a write keeps SIGPIPE from ending the process.
enum class SigpipeGuard {
  kBlock,    // block it around the write (the disposition is left as it is)
  kIgnored,  // nothing to do: the caller knows SIGPIPE is ignored process-wide
};

// kIgnored when SIGPIPE's disposition is SIG_IGN now, else kBlock. A transport asks once when its
// server starts: a process that ignores SIGPIPE does so for good (kosmo's CLI sets it first thing).
SigpipeGuard sigpipe_guard_needed();

// Writes `line` and a "\n" after it with one system call when the pipe takes it all (writev: a
// multi-megabyte request is not copied for one byte), retrying short writes until `deadline`.
WriteStatus write_line(int fd, std::string_view line, WaitUntil deadline,
                       SigpipeGuard guard = SigpipeGuard::kBlock);

// Now + `seconds`, clamped to [0, one year] so an absurd configured timeout cannot overflow.
WaitUntil deadline_after(double seconds);

// Milliseconds left until `deadline`, rounded up, never negative; for poll().
int remaining_ms(WaitUntil deadline);

}  // namespace kosmo::mcp
