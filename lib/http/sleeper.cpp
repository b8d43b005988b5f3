#include "lib/http/sleeper.h"

#include <time.h>

#include <cerrno>
#include <chrono>

#include "lib/common/stop_flag.h"
#include "lib/common/timespec.h"

namespace kosmo::http {

Sleeper::~Sleeper() = default;

double RealSleeper::now() const { return steady_clock().now(); }

double RealSleeper::unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Ends early when the script is stopped: the run guard's timer signal interrupts the wait
// (EINTR), and a stopped run has no use for the attempt it waits for.
void RealSleeper::sleep(double seconds) {
  if (seconds <= 0) return;
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  const timespec until =
      timespec_from_ns(ns_from_timespec(now) + static_cast<int64_t>(seconds * 1e9));
  while (!stop_requested_on_this_thread() &&
         clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nullptr) == EINTR) {
  }
}

}  // namespace kosmo::http
