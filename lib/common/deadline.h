#pragma once
// The run's --timeout as one instant on one clock. The sandbox's guard, every HTTP request and
// every MCP request are bounded by the same Deadline: counted from different starts, a request
// once timed out a few milliseconds before the guard noticed, and the run ended with the wrong
// error.
#include <optional>

#include "lib/common/clock.h"

namespace kosmo {

class Deadline {
 public:
  Deadline() = default;  // unbounded
  // `seconds` after now on `clock` (which must outlive the deadline); none: unbounded.
  static Deadline after(std::optional<double> seconds, const Clock& clock = steady_clock());
  // `seconds` after `start`, an instant on `clock`'s now() scale taken earlier.
  static Deadline starting_at(double start, std::optional<double> seconds,
                              const Clock& clock = steady_clock());

  bool bounded() const { return clock_ != nullptr; }
  // Seconds left, never negative; none when unbounded.
  std::optional<double> remaining() const;
  // `timeout_s` cut to what is left. A spent deadline still grants kLastSlice, so the caller's
  // own timeout fires and reports, instead of the request being refused unexplained.
  double cap(double timeout_s) const;

  static constexpr double kLastSlice = 0.001;

 private:
  Deadline(double at, const Clock& clock) : at_(at), clock_(&clock) {}

  double at_ = 0;
  const Clock* clock_ = nullptr;
};

}  // namespace kosmo
