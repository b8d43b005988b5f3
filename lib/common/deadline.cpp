#include "lib/common/deadline.h"

#include <algorithm>

namespace kosmo {

Deadline Deadline::after(std::optional<double> seconds, const Clock& clock) {
  return starting_at(clock.now(), seconds, clock);
}

Deadline Deadline::starting_at(double start, std::optional<double> seconds, const Clock& clock) {
  if (!seconds) return Deadline();
  return Deadline(start + *seconds, clock);
}

std::optional<double> Deadline::remaining() const {
  if (clock_ == nullptr) return std::nullopt;
  return std::max(0.0, at_ - clock_->now());
}

double Deadline::cap(double timeout_s) const {
  const std::optional<double> left = remaining();
  return left ? std::min(timeout_s, std::max(*left, kLastSlice)) : timeout_s;
}

}  // namespace kosmo
