#include "lib/cli/signal_watch.h"

#include <sched.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <iterator>
#include <system_error>

#include "lib/common/realtime_signals.h"
#include "lib/common/timespec.h"
#include "lib/mcp/child_process.h"

namespace kosmo::cli {
namespace {

constexpr int kWatchedSignals[] = {SIGINT, SIGTERM};

// What the handlers share with the one SignalWatch; plain atomics, read in signal handlers.
std::atomic<const SignalWatch::Action*> g_action{nullptr};
std::atomic<int> g_received{0};          // the first signal; 0: none yet
std::atomic<int> g_handlers_running{0};  // a Subscription waits for these to finish
std::atomic<timer_t*> g_kill_timer{nullptr};
struct sigaction g_previous[std::size(kWatchedSignals)];

void arm_sigkill_follow_up() {
  timer_t* timer = g_kill_timer.load();
  if (timer == nullptr) return;
  const auto grace = std::chrono::nanoseconds(mcp::StopTimings{}.after_sigterm).count();
  itimerspec when{};
  when.it_value = timespec_from_ns(grace);
  timer_settime(*timer, 0, &when, nullptr);
}

void on_kill_timer(int) {
  if (g_kill_timer.load() == nullptr) return;  // expired as the watch ended
  const int saved = errno;
  mcp::kill_all_server_groups();  // the grace period after SIGTERM is over
  errno = saved;
}

void on_signal_received(int signal) {
  const int saved = errno;
  g_handlers_running.fetch_add(1);
  int none = 0;
  if (g_received.compare_exchange_strong(none, signal)) {
    if (const SignalWatch::Action* action = g_action.load()) (*action)(signal);
    mcp::signal_all_server_groups(SIGTERM);
    arm_sigkill_follow_up();
  } else {
    mcp::kill_all_server_groups();
  }
  g_handlers_running.fetch_sub(1);
  errno = saved;
}

}  // namespace

SignalWatch::Subscription::~Subscription() {
  if (watch_ == nullptr) return;
  g_action.store(nullptr);
  // A handler on another thread may be inside the action; one on this thread has finished.
  while (g_handlers_running.load() != 0) sched_yield();
}

SignalWatch::SignalWatch() {
  sigevent event{};
  event.sigev_notify = SIGEV_SIGNAL;
  event.sigev_signo = server_kill_signal();
  if (timer_create(CLOCK_MONOTONIC, &event, &kill_timer_) != 0) {
    throw std::system_error(errno, std::generic_category(), "timer_create");
  }
  g_received.store(0);
  struct sigaction action {};
  action.sa_handler = on_kill_timer;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(server_kill_signal(), &action, nullptr);
  g_kill_timer.store(&kill_timer_);
  action.sa_handler = on_signal_received;
  // Both handlers at once would race for g_received; the second signal waits for the first.
  for (const int signal : kWatchedSignals) sigaddset(&action.sa_mask, signal);
  for (size_t i = 0; i < std::size(kWatchedSignals); ++i) {
    sigaction(kWatchedSignals[i], &action, &g_previous[i]);
  }
}

SignalWatch::~SignalWatch() {
  for (size_t i = 0; i < std::size(kWatchedSignals); ++i) {
    sigaction(kWatchedSignals[i], &g_previous[i], nullptr);
  }
  g_kill_timer.store(nullptr);
  while (g_handlers_running.load() != 0) sched_yield();
  timer_delete(kill_timer_);
  // Ignoring discards an expiry still pending; the default action would end the process.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(server_kill_signal(), &ignore, nullptr);
}

SignalWatch::Subscription SignalWatch::subscribe(Action action) {
  action_ = std::move(action);
  g_action.store(&action_);
  // A signal before the store found no action; running it twice is harmless (the first
  // interruption wins).
  if (const int received = g_received.load()) action_(received);
  return Subscription(this);
}

}  // namespace kosmo::cli
