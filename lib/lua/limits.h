#pragma once
// Sandbox limits in one place: defaults from the product contract (§1, §3) and the kinds of
// limit a run can hit.
#include <chrono>
#include <cstddef>
#include <optional>

namespace kosmo::lua {

inline constexpr size_t kDefaultMemoryLimitBytes = 32u * 1024 * 1024;
inline constexpr double kDefaultCpuLimitSeconds = 30.0;
inline constexpr size_t kDefaultOutputLimitBytes = 8u * 1024 * 1024;
// Once a limit has tripped, the VM must unwind; error handling itself needs some heap, so the
// allocator grants this much above the limit after the trip.
inline constexpr size_t kMemoryHeadroomBytes = 1u * 1024 * 1024;
// How long the VM may keep running after a limit tripped before the watchdog gives up on it
// (a C function such as a pathological string.find cannot be interrupted by a hook) and ends
// the process itself, still writing the envelope.
inline constexpr double kStuckGraceSeconds = 2.0;

struct Limits {
  size_t memory_bytes = kDefaultMemoryLimitBytes;
  double cpu_seconds = kDefaultCpuLimitSeconds;
  std::optional<double> wall_seconds;  // --timeout (RunFlags::run_timeout); none: unbounded
  // When the --timeout clock started. The command sets it once so that the guard and the HTTP
  // and MCP requests it caps share one deadline; none means when the guard starts.
  std::optional<std::chrono::steady_clock::time_point> wall_clock_start;
  size_t output_bytes = kDefaultOutputLimitBytes;
};

// kInterrupted is no limit but stops a run the same way: SIGINT or SIGTERM from outside.
enum class LimitKind { kNone, kMemory, kCpu, kTimeout, kOutput, kInterrupted };

}  // namespace kosmo::lua
