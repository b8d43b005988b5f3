#include "lib/common/clock.h"

#include <chrono>

namespace kosmo {
namespace {

class SteadyClock final : public Clock {
 public:
  double now() const override {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

Clock::~Clock() = default;

const Clock& steady_clock() {
  static const SteadyClock clock;
  return clock;
}

}  // namespace kosmo
