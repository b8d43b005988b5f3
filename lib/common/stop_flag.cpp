#include "lib/common/stop_flag.h"

namespace kosmo {
namespace {

// Initial-exec: read from signal handlers and libcurl callbacks, so no lazy TLS allocation.
thread_local const std::atomic<bool>* t_stop_flag __attribute__((tls_model("initial-exec"))) =
    nullptr;

}  // namespace

void watch_stop_flag_on_this_thread(const std::atomic<bool>* flag) { t_stop_flag = flag; }

bool stop_requested_on_this_thread() {
  const std::atomic<bool>* flag = t_stop_flag;
  return flag != nullptr && flag->load(std::memory_order_relaxed);
}

}  // namespace kosmo
