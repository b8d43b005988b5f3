#pragma once
// Deadline-bounded writes to a non-blocking pipe, without SIGPIPE.
//
// SIGPIPE: a write to a pipe whose reader has exited raises SIGPIPE, whose default action kills
// kosmo. MSG_NOSIGNAL exists only for sockets, and kosmo does not change the process-wide
// disposition (the embedding CLI, libcurl and tests keep theirs). Instead the calling thread
// blocks SIGPIPE around its writes and consumes a SIGPIPE its own write raised before
// unblocking, so the failure is seen as EPIPE and nothing else changes.
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

WriteStatus write_all(int fd, std::string_view data, WaitUntil deadline);

// Now + `seconds`, clamped to [0, one year] so an absurd configured timeout cannot overflow.
WaitUntil deadline_after(double seconds);

// Milliseconds left until `deadline`, rounded up, never negative; for poll().
int remaining_ms(WaitUntil deadline);

}  // namespace kosmo::mcp
