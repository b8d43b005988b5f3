#pragma once
// struct timespec from nanoseconds or seconds, for the POSIX clock and timer calls (timer_settime,
// clock_nanosleep). Inline, allocation-free and non-throwing: the run guard's and the signal
// watch's signal handlers arm timers with them.
#include <time.h>

#include <cstdint>

namespace kosmo {

inline constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;

inline timespec timespec_from_ns(int64_t ns) {
  return timespec{static_cast<time_t>(ns / kNanosecondsPerSecond),
                  static_cast<long>(ns % kNanosecondsPerSecond)};
}

// Truncated to whole nanoseconds.
inline timespec timespec_from_seconds(double seconds) {
  return timespec_from_ns(static_cast<int64_t>(seconds * 1e9));
}

inline int64_t ns_from_timespec(const timespec& t) {
  return static_cast<int64_t>(t.tv_sec) * kNanosecondsPerSecond + t.tv_nsec;
}

}  // namespace kosmo
