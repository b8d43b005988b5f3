#pragma once
// SIGINT and SIGTERM during a run. Left to their default action they ended kosmo at once: stdout
// empty, and an MCP server that ignores SIGTERM still running afterwards. While a SignalWatch
// exists, the first of them instead
// * runs the subscribed action: the sandbox's interrupt, which stops the script the way a tripped
//   limit does, so the envelope is still written (`interrupted`, exit 130 or 143);
// * sends SIGTERM to every MCP server's process group, so a call waiting on a server returns,
//   and SIGKILL to the groups still there after StopTimings::after_sigterm. A second signal
//   sends SIGKILL at once.
// A run stuck in a host call that this does not end (an HTTP transfer, a retry's wait) is ended
// by the run guard's last resort after kStuckGraceSeconds, which writes the envelope too.
//
// The handler only writes the signal's number into a pipe, which is async-signal-safe on
// whichever thread the kernel picks; the watch's own thread reads it and does the rest in
// ordinary code. One SignalWatch at a time.
#include <functional>
#include <mutex>
#include <thread>

namespace kosmo::cli {

class SignalWatch {
 public:
  using Action = std::function<void(int signal)>;

  // While it lives, the action runs for the first signal (on the watch's thread), or at once
  // when one arrived before. Destroy it before whatever the action touches.
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

  SignalWatch();   // installs the handlers and starts the thread; throws std::system_error
  ~SignalWatch();  // ends the thread, puts the previous handlers back
  SignalWatch(const SignalWatch&) = delete;
  SignalWatch& operator=(const SignalWatch&) = delete;

  [[nodiscard]] Subscription subscribe(Action action);

 private:
  void watch();
  void on_signal(int signal, bool first);

  int read_fd_ = -1;
  int write_fd_ = -1;
  std::mutex mutex_;  // action_ and received_; held while the action runs
  Action action_;
  int received_ = 0;
  std::thread thread_;
};

}  // namespace kosmo::cli
