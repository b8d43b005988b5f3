#include "lib/http/sleeper.h"

#include <chrono>
#include <thread>

namespace kosmo::http {

Sleeper::~Sleeper() = default;

double RealSleeper::now() const { return steady_clock().now(); }

double RealSleeper::unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void RealSleeper::sleep(double seconds) {
  if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

}  // namespace kosmo::http
