#pragma once
// Whether the script running on this thread has been stopped (a tripped limit, SIGINT/SIGTERM),
// for the host calls that block on its behalf: an HTTP transfer and a retry's wait. The run
// guard has no thread of its own to wake them; its timer's signal only interrupts the system call
// they wait in, so they look here and give up instead of waiting on. The guard points this at
// the flag it owns for the thread that runs the script, and takes it back when the run ends.
#include <atomic>

namespace kosmo {

void watch_stop_flag_on_this_thread(const std::atomic<bool>* flag);  // null: nothing stops
bool stop_requested_on_this_thread();

}  // namespace kosmo
