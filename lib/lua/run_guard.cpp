#include "lib/lua/run_guard.h"

#include <signal.h>
#include <time.h>

#include <algorithm>

#include "lib/lua/sandbox_context.h"

namespace kosmo::lua {
namespace {

using Clock = std::chrono::steady_clock;
using Seconds = std::chrono::duration<double>;

// How often the watchdog re-installs the hook after a trip: it closes the window where the
// script switched coroutines between reading `current_` and arming it.
constexpr auto kRearmInterval = std::chrono::milliseconds(10);

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

RunGuard::~RunGuard() { stop(); }

double RunGuard::cpu_seconds_used() const {
  timespec now{};
  clock_gettime(cpu_clock_, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

void RunGuard::start() {
  cpu_at_start_ = cpu_seconds_used();
  started_ = limits_.wall_clock_start.value_or(Clock::now());
  watchdog_ = std::thread([this] { watch(); });
}

void RunGuard::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

void RunGuard::trip(LimitKind kind) {
  LimitKind expected = LimitKind::kNone;
  if (!tripped_.compare_exchange_strong(expected, kind)) return;
  arm(current_.load());
  { std::lock_guard lock(mutex_); }  // orders the trip before the watchdog's next check
  wake_.notify_all();
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

std::string RunGuard::message() const {
  switch (tripped()) {
    case LimitKind::kMemory:
      return "Memory limit exceeded (" + std::to_string(limits_.memory_bytes) + " bytes)";
    case LimitKind::kCpu:
      return "CPU limit exceeded (" + format_seconds(limits_.cpu_seconds) + " s)";
    case LimitKind::kTimeout:
      return timeout_message(limits_.wall_seconds.value_or(0));
    case LimitKind::kOutput:
      return "Output limit exceeded (" + std::to_string(limits_.output_bytes) + " bytes)";
    case LimitKind::kInterrupted:
      if (interrupt_signal() == 0) return "Cancelled by the client";
      return "Interrupted by " + signal_name(interrupt_signal());
    case LimitKind::kNone:
      break;
  }
  return "no limit exceeded";
}

void RunGuard::watch() {
  std::unique_lock lock(mutex_);
  std::optional<Clock::time_point> tripped_at;
  while (!stopping_) {
    if (tripped() == LimitKind::kNone) {
      const double cpu_left = limits_.cpu_seconds - (cpu_seconds_used() - cpu_at_start_);
      const std::optional<double> wall_left = remaining_wall_seconds();
      if (limits_.cancelled != nullptr && limits_.cancelled->load()) {
        lock.unlock();
        trip(LimitKind::kInterrupted);  // no signal: interrupt_signal() stays 0
        lock.lock();
      } else if (cpu_left <= 0) {
        lock.unlock();
        trip(LimitKind::kCpu);
        lock.lock();
      } else if (wall_left && *wall_left <= 0) {
        lock.unlock();
        trip(LimitKind::kTimeout);
        lock.lock();
      } else {
        // CPU time never runs faster than wall time, so sleeping for what is left of the CPU
        // budget cannot overshoot it; the check above then measures precisely.
        double sleep = std::min(cpu_left, wall_left.value_or(cpu_left));
        if (limits_.cancelled != nullptr) sleep = std::min(sleep, kCancelPollSeconds);
        wake_.wait_for(lock, Seconds(sleep));
      }
      continue;
    }
    if (!tripped_at) tripped_at = Clock::now();
    arm(current_.load());
    if (Seconds(Clock::now() - *tripped_at).count() > kStuckGraceSeconds) {
      lock.unlock();
      if (last_resort_) last_resort_(tripped());
      return;
    }
    wake_.wait_for(lock, kRearmInterval);
  }
}

}  // namespace kosmo::lua
