#include "lib/lua/run_guard.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <system_error>

#include "lib/common/realtime_signals.h"
#include "lib/common/stop_flag.h"
#include "lib/common/timespec.h"
#include "lib/lua/sandbox_context.h"

namespace kosmo::lua {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

// How often the timer re-installs the hook after a trip: it closes the window where the
// script switched coroutines between reading `current_` and arming it.
constexpr double kRearmIntervalSeconds = 0.010;

// The guard started on this thread, for the timer's handler. Initial-exec: a signal handler
// must not trigger lazy TLS allocation.
thread_local RunGuard* t_guard __attribute__((tls_model("initial-exec"))) = nullptr;

void limit_hook(lua_State* L, lua_Debug*) {
  const std::string message = context_of(L).guard->message();
  lua_pushlstring(L, message.data(), message.size());
  lua_error(L);
}

std::string format_seconds(double seconds) {
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%g", seconds);
  return buffer;
}

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(signal);
}

int64_t monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return ns_from_timespec(now);
}

}  // namespace

std::string timeout_message(double seconds) {
  return "Timed out after " + format_seconds(seconds) + " s";
}

RunGuard::RunGuard(lua_State* main_thread, const Limits& limits, LastResort last_resort)
    : limits_(limits),
      last_resort_(std::move(last_resort)),
      current_(main_thread),
      started_(limits.wall_clock_start.value_or(Clock::now())) {
  pthread_getcpuclockid(pthread_self(), &cpu_clock_);
}

RunGuard::~RunGuard() {
  stop();
  if (has_timer_) timer_delete(timer_);
}

double RunGuard::cpu_seconds_used() const {
  timespec now{};
  clock_gettime(cpu_clock_, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

void RunGuard::on_timer_signal(int, siginfo_t* info, void*) {
  const int saved = errno;
  // A signal of an earlier guard still queued when it stopped carries that guard's address.
  RunGuard* guard = t_guard;
  if (guard != nullptr && info->si_value.sival_ptr == guard) guard->tick();
  errno = saved;
}

void RunGuard::start() {
  static std::once_flag handler_installed;
  std::call_once(handler_installed, [] {
    struct sigaction action {};
    action.sa_sigaction = &RunGuard::on_timer_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(run_guard_signal(), &action, nullptr);
  });
  pthread_getcpuclockid(pthread_self(), &cpu_clock_);
  cpu_at_start_ = cpu_seconds_used();
  started_ = limits_.wall_clock_start.value_or(Clock::now());
  if (last_resort_) prepare_last_words();
  if (!has_timer_) {
    sigevent event{};
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = run_guard_signal();
    event.sigev_value.sival_ptr = this;
    event._sigev_un._tid = gettid();  // sigev_notify_thread_id, which glibc 2.36 lacks
    if (timer_create(CLOCK_MONOTONIC, &event, &timer_) != 0) {
      throw std::system_error(errno, std::generic_category(), "timer_create");
    }
    has_timer_ = true;
  }
  owner_thread_ = gettid();
  t_guard = this;
  watch_stop_flag_on_this_thread(&stop_requested_);
  running_.store(true);
  if (tripped() != LimitKind::kNone) {
    schedule(kRearmIntervalSeconds, kRearmIntervalSeconds);  // interrupted before it started
  } else {
    check_budgets();
  }
}

void RunGuard::stop() {
  if (!running_.exchange(false)) return;
  if (has_timer_) schedule(0, 0);
  if (owner_thread_ == gettid()) {
    if (t_guard == this) t_guard = nullptr;
    watch_stop_flag_on_this_thread(nullptr);
  }
}

void RunGuard::schedule(double seconds, double interval_seconds) {
  itimerspec when{};
  when.it_interval = timespec_from_seconds(interval_seconds);
  when.it_value = timespec_from_seconds(seconds);
  // A zero it_value disarms; a due check must still fire.
  if (seconds > 0 && when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0) {
    when.it_value.tv_nsec = 1;
  }
  timer_settime(timer_, 0, &when, nullptr);
}

void RunGuard::trip(LimitKind kind) {
  LimitKind expected = LimitKind::kNone;
  if (!tripped_.compare_exchange_strong(expected, kind)) return;
  tripped_at_ns_.store(monotonic_ns());
  stop_requested_.store(true);
  arm(current_.load());
  if (running_.load()) schedule(kRearmIntervalSeconds, kRearmIntervalSeconds);
}

void RunGuard::interrupt(int signal) {
  int none = 0;
  interrupt_signal_.compare_exchange_strong(none, signal);
  trip(LimitKind::kInterrupted);
}

void RunGuard::arm(lua_State* thread) {
  // lua_sethook is documented as safe to call asynchronously (lua.c does it from a signal).
  lua_sethook(thread, limit_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
}

lua_State* RunGuard::enter(lua_State* thread) {
  lua_State* previous = current_.exchange(thread);
  if (tripped() != LimitKind::kNone) arm(thread);
  return previous;
}

void RunGuard::leave(lua_State* previous) {
  current_.store(previous);
  if (tripped() != LimitKind::kNone) arm(previous);
}

std::optional<double> RunGuard::remaining_wall_seconds() const {
  if (!limits_.wall_seconds) return std::nullopt;
  const double elapsed = Seconds(Clock::now() - started_).count();
  return std::max(0.0, *limits_.wall_seconds - elapsed);
}

void RunGuard::trip_if_out_of_time() {
  const std::optional<double> left = remaining_wall_seconds();
  if (left && *left <= 0) trip(LimitKind::kTimeout);
}

bool RunGuard::trip_if_cancelled() {
  if (limits_.cancelled != nullptr && limits_.cancelled->load()) trip(LimitKind::kInterrupted);
  return tripped() != LimitKind::kNone;
}

std::string RunGuard::message() const { return message_for(tripped(), interrupt_signal()); }

std::string RunGuard::message_for(LimitKind kind, int signal) const {
  switch (kind) {
    case LimitKind::kMemory:
      return "Memory limit exceeded (" + std::to_string(limits_.memory_bytes) + " bytes)";
    case LimitKind::kCpu:
      return "CPU limit exceeded (" + format_seconds(limits_.cpu_seconds) + " s)";
    case LimitKind::kTimeout:
      return timeout_message(limits_.wall_seconds.value_or(0));
    case LimitKind::kOutput:
      return "Output limit exceeded (" + std::to_string(limits_.output_bytes) + " bytes)";
    case LimitKind::kInterrupted:
      if (signal == 0) return "Cancelled by the client";
      return "Interrupted by " + signal_name(signal);
    case LimitKind::kNone:
      break;
  }
  return "no limit exceeded";
}

void RunGuard::prepare_last_words() {
  for (const LimitKind kind : {LimitKind::kNone, LimitKind::kMemory, LimitKind::kCpu,
                               LimitKind::kTimeout, LimitKind::kOutput, LimitKind::kInterrupted}) {
    last_words_[static_cast<size_t>(kind)] = message_for(kind, 0);
  }
  last_words_[6] = message_for(LimitKind::kInterrupted, SIGINT);
  last_words_[7] = message_for(LimitKind::kInterrupted, SIGTERM);
}

std::string_view RunGuard::last_words() const {
  const LimitKind kind = tripped();
  if (kind == LimitKind::kInterrupted && interrupt_signal() == SIGINT) return last_words_[6];
  if (kind == LimitKind::kInterrupted && interrupt_signal() == SIGTERM) return last_words_[7];
  return last_words_[static_cast<size_t>(kind)];
}

void RunGuard::tick() {
  if (!running_.load()) return;
  if (tripped() == LimitKind::kNone) {
    check_budgets();
  } else {
    after_trip();
  }
}

// CPU time never runs faster than wall time, so a wall-clock timer set to what is left of the
// CPU budget cannot overshoot it; the check when it fires then measures precisely.
void RunGuard::check_budgets() {
  const double cpu_left = limits_.cpu_seconds - (cpu_seconds_used() - cpu_at_start_);
  const std::optional<double> wall_left = remaining_wall_seconds();
  if (limits_.cancelled != nullptr && limits_.cancelled->load()) {
    trip(LimitKind::kInterrupted);  // no signal: interrupt_signal() stays 0
  } else if (cpu_left <= 0) {
    trip(LimitKind::kCpu);
  } else if (wall_left && *wall_left <= 0) {
    trip(LimitKind::kTimeout);
  } else {
    double next = std::min(cpu_left, wall_left.value_or(cpu_left));
    if (limits_.cancelled != nullptr) next = std::min(next, kCancelPollSeconds);
    schedule(next, 0);
  }
}

void RunGuard::after_trip() {
  arm(current_.load());
  const int64_t tripped_at = tripped_at_ns_.load();
  // 0: this tick interrupted trip() between its two stores; the next one measures.
  if (gave_up_ || tripped_at == 0) return;
  if (static_cast<double>(monotonic_ns() - tripped_at) / 1e9 <= kStuckGraceSeconds) return;
  gave_up_ = true;
  schedule(0, 0);
  if (last_resort_) last_resort_(tripped(), last_words());
}

}  // namespace kosmo::lua
