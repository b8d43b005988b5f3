#pragma once
// SIGINT and SIGTERM during a run. Left to their default action they ended kosmo at once: stdout
// empty, and an MCP server that ignores SIGTERM still running afterwards. While a SignalWatch
// exists, the first of them instead
// * runs the subscribed action: the sandbox's interrupt, which stops the script the way a tripped
//   limit does, so the envelope is still written (`interrupted`, exit 130 or 143);
// * sends SIGTERM to every MCP server's process group, so a call waiting on a server returns,
//   and SIGKILL to the groups still there after StopTimings::after_sigterm. A second signal
//   sends SIGKILL at once.
// A blocking host call notices the stop itself (lib/common/stop_flag.h); one that does not is
// ended by the run guard's last resort after kStuckGraceSeconds, which writes an envelope too.
//
// All of it happens in the signal handler, on whichever thread the kernel picks, and no thread
// is started (see run_guard.h for why a plain run must stay single-threaded): the action must
// be async-signal-safe, and the SIGKILL follow-up is a POSIX timer. One SignalWatch at a time.
#include <time.h>

#include <functional>

namespace kosmo::cli {

class SignalWatch {
 public:
  // Async-signal-safe: atomics, lua_sethook, timer_settime, kill.
  using Action = std::function<void(int signal)>;

  // While it lives, the action runs for the first signal (in the handler), or at once when one
  // arrived before. Destroy it before whatever the action touches: its destructor waits for a
  // handler running the action on another thread.
  class Subscription {
   public:
    explicit Subscription(SignalWatch* watch) : watch_(watch) {}
    ~Subscription();
    Subscription(Subscription&& other) noexcept : watch_(other.watch_) { other.watch_ = nullptr; }
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    Subscription& operator=(Subscription&&) = delete;

   private:
    SignalWatch* watch_;
  };

  SignalWatch();   // installs the handlers and the timer; throws std::system_error
  ~SignalWatch();  // puts the previous handlers back, drops a pending SIGKILL follow-up
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  [[nodiscard]] Subscription subscribe(Action action);

 private:
  Action action_;
  timer_t kill_timer_{};
};

}  // namespace kosmo::cli
