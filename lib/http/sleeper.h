#pragma once
// The clock seam for retries: backoff waits go through a Sleeper so tests can record them
// instead of sleeping, and read the time from it so deadlines and Retry-After dates can be
// checked against a fake clock.
#include "lib/common/clock.h"

namespace kosmo::http {

// now() (kosmo::Clock): monotonic seconds; retry deadlines are expressed on this clock.
class Sleeper : public Clock {
 public:
  ~Sleeper() override;
  // Wall-clock seconds since the Unix epoch, for Retry-After HTTP-dates.
  virtual double unix_now() = 0;
  virtual void sleep(double seconds) = 0;
};

// steady_clock, system_clock and clock_nanosleep; a wait ends early when the script running on
// this thread is stopped (lib/common/stop_flag.h).
class RealSleeper final : public Sleeper {
 public:
  double now() const override;
  double unix_now() override;
  void sleep(double seconds) override;
};

}  // namespace kosmo::http
