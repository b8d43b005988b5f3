#pragma once
// The time bound of one gateway job (a tools/call, a listing). The runtimes, the HTTP stack and
// the MCP sessions take one Deadline when they are made and keep it for their life, which for a
// one-shot run is the run's --timeout. A server lives for hours, so a deadline counted from its
// start would fail every call after the first five minutes. Instead the Deadline is made on this
// clock, which reads the seconds since the current job began: restart() at the start of each
// job gives every copy of the deadline its full bound again, without touching the runtimes.
#include <atomic>

#include "lib/common/clock.h"

namespace kosmo::gateway {

class CallClock final : public Clock {
 public:
  CallClock() { restart(); }
  // now() is 0 again: deadlines made on this clock have their whole bound ahead of them.
  void restart() { origin_.store(steady_clock().now()); }
  double now() const override { return steady_clock().now() - origin_.load(); }

 private:
  std::atomic<double> origin_{0};
};

}  // namespace kosmo::gateway
