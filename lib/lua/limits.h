#pragma once
// Sandbox limits in one place: defaults from the product contract (§1, §3) and the kinds of
// limit a run can hit.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>

namespace kosmo::lua {

inline constexpr size_t kDefaultMemoryLimitBytes = 32u * 1024 * 1024;
inline constexpr double kDefaultCpuLimitSeconds = 30.0;
inline constexpr size_t kDefaultOutputLimitBytes = 8u * 1024 * 1024;
// The largest script kosmo reads (a file, stdin). Far beyond any hand-written workflow; it stops
// a mistaken /dev/zero or an endless pipe from filling memory before the sandbox exists.
inline constexpr size_t kMaxScriptBytes = 16u * 1024 * 1024;
// Once a limit has tripped, the VM must unwind; error handling itself needs some heap, so the
// allocator grants this much above the limit after the trip.
inline constexpr size_t kMemoryHeadroomBytes = 1u * 1024 * 1024;
// Runaway recursion fills the heap with call frames (each Lua call takes an 80-byte CallInfo and
// its stack slots, all in the limited heap): under the default 32 MiB, `f() return 1 + f() end`
// runs out of heap at about 330,000 calls, before Lua's own limit of 1,000,000 stack slots. An
// allocation that would pass the limit while the running Lua thread is at least this many calls
// deep is blamed on the recursion: the script gets Lua's catchable "stack overflow" error, not
// the memory limit. Legitimate recursion (JSON nesting is capped at 512, C-boundary recursion at
// 200) is far shallower. Under a limit of a few MiB, recursion with large frames runs out of
// heap before it is this deep and stays a memory_limit failure.
inline constexpr int kStackOverflowDepth = 10000;
// What the heap may exceed the limit by while that error unwinds, until it is back under the
// limit (pcall shrinks the stack and frees half the spare frames). The largest single allocation
// of deep recursion is a fresh Lua stack of 1,000,000 slots, 16 MB: Lua 5.4 allocates the new
// stack before freeing the old one. The rest is room for the error message and traceback.
inline constexpr size_t kStackOverflowReserveBytes = 17u * 1024 * 1024;
// How long the VM may keep running after a limit tripped before the run guard gives up on it
// (a C function such as a pathological string.find cannot be interrupted by a hook) and ends
// the process itself, still writing an envelope.
inline constexpr double kStuckGraceSeconds = 2.0;
// How often the run guard's timer looks at a run's cancel flag (Limits::cancelled). An MCP client
// that cancels a call sees the run stop within this, plus the instruction the hook waits for.
inline constexpr double kCancelPollSeconds = 0.005;

struct Limits {
  size_t memory_bytes = kDefaultMemoryLimitBytes;
  double cpu_seconds = kDefaultCpuLimitSeconds;
  std::optional<double> wall_seconds;  // --timeout (RunFlags::run_timeout); none: unbounded
  // When the --timeout clock started. The command sets it once so that the guard and the HTTP
  // and MCP requests it caps share one deadline; none means when the guard starts.
  std::optional<std::chrono::steady_clock::time_point> wall_clock_start;
  size_t output_bytes = kDefaultOutputLimitBytes;
  // Set from another thread to stop the run (an MCP client's notifications/cancelled, for the
  // gateway's lua_execute): the guard's timer polls it and stops the run as an interruption without
  // a signal. Borrowed; null: nothing but limits and signals stops the run.
  const std::atomic<bool>* cancelled = nullptr;
};

// kInterrupted is no limit but stops a run the same way: SIGINT or SIGTERM from outside.
enum class LimitKind { kNone, kMemory, kCpu, kTimeout, kOutput, kInterrupted };

}  // namespace kosmo::lua
