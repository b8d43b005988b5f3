#pragma once
// The time seam: code that waits or bounds waits reads the time through a Clock, so tests can
// move time by hand instead of sleeping (http::Sleeper adds sleeping to it).
namespace kosmo {

class Clock {
 public:
  virtual ~Clock();
  // Monotonic seconds from an arbitrary origin.
  virtual double now() const = 0;
};

// std::chrono::steady_clock, in seconds since its epoch: every production clock in kosmo reads
// this one, so instants taken by different parts of a run compare.
const Clock& steady_clock();

}  // namespace kosmo
