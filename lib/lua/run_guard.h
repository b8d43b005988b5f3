#pragma once
// Stops a run that exceeds its CPU or wall-clock budget, or that tripped another limit.
//
// Normal execution pays nothing: no per-instruction hook is installed and no thread is started
// (a second thread would make glibc's malloc leave its single-thread fast path for the rest of
// the process, which costs allocation-heavy scripts about 1.4x). Instead a POSIX timer sends a
// realtime signal to the thread that runs the script when the budget can next be exhausted; the
// handler measures, and when a limit trips it installs a hook that raises an error on every
// instruction of the running Lua thread, so `pcall` cannot swallow the stop (the next
// instruction after the pcall raises again) and coroutines are covered because the guard tracks
// which Lua thread is running. After a trip the timer ticks every kRearmInterval to re-arm the
// hook; if the VM is stuck inside one C call the hook never fires, and after kStuckGraceSeconds
// the handler calls the last-resort handler, which writes an envelope and ends the process.
//
// Blocking host calls see the stop through lib/common/stop_flag.h: the timer's signal interrupts
// the system call they wait in.
#include <signal.h>
#include <time.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <lua.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "lib/lua/limits.h"

namespace kosmo::lua {

class RunGuard {
 public:
  // Runs inside the guard's signal handler on the thread that runs the script, so it must be
  // async-signal-safe (atomics, write, kill, _exit; no allocation, no lock): the interrupted
  // code may hold any lock. It normally ends the process; it may return when the report is
  // already being written, or in a server that outlives a stuck run. `message` is the limit's
  // message (message()), prepared before the run. Empty (tests): the guard stops re-arming.
  using LastResort = std::function<void(LimitKind, std::string_view message)>;

  RunGuard(lua_State* main_thread, const Limits& limits, LastResort last_resort);
  ~RunGuard();
  RunGuard(const RunGuard&) = delete;
  RunGuard& operator=(const RunGuard&) = delete;

  // Starts the budget clocks and the timer, on the thread that runs the script; stop() (on the
  // same thread) disarms it (idempotent). Throws std::system_error when no timer can be made.
  void start();
  void stop();

  // Records that a limit was hit and makes the running Lua thread unwind. Safe from any thread
  // and from a signal handler; the first trip wins.
  void trip(LimitKind kind);
  // Trips kInterrupted for `signal` (SIGINT, SIGTERM) received from outside. Any thread, and
  // async-signal-safe.
  void interrupt(int signal);
  LimitKind tripped() const { return tripped_.load(); }
  int interrupt_signal() const { return interrupt_signal_.load(); }  // 0: not interrupted
  std::string message() const;  // "CPU limit exceeded (30 s)" etc.

  // Coroutine tracking: the wrapper around coroutine.resume calls enter() before resuming and
  // leave() after, so the guard always knows which Lua thread executes.
  lua_State* enter(lua_State* thread);
  void leave(lua_State* previous);
  // The Lua thread executing now.
  lua_State* running() const { return current_.load(); }

  // Wall-clock seconds left before --timeout, for blocking host calls (HTTP, MCP).
  std::optional<double> remaining_wall_seconds() const;
  // Trips the timeout when --timeout is spent. A host call capped by the deadline returns its
  // own "timed out" error at the same moment the timer would trip; checking here makes the run
  // end as a timeout (exit 3) whichever notices first.
  void trip_if_out_of_time();
  // Trips kInterrupted when the run's cancel flag (Limits::cancelled) is set, without waiting
  // for the timer's next look; true when any limit has tripped. The bridge asks before each
  // app.* call, so a cancelled run sends no further request.
  bool trip_if_cancelled();

 private:
  static void on_timer_signal(int signal, siginfo_t* info, void* context);
  // The handler's work: checks the budgets before a trip, re-arms the hook after one.
  void tick();
  void check_budgets();
  void after_trip();
  // Next expiry `seconds` from now, then every `interval_seconds` (0: once).
  void schedule(double seconds, double interval_seconds);
  void arm(lua_State* thread);
  double cpu_seconds_used() const;
  std::string message_for(LimitKind kind, int signal) const;
  void prepare_last_words();
  std::string_view last_words() const;

  Limits limits_;
  LastResort last_resort_;
  std::atomic<lua_State*> current_;
  std::atomic<LimitKind> tripped_{LimitKind::kNone};
  std::atomic<int> interrupt_signal_{0};
  // What blocking host calls on the script's thread look at (stop_flag.h): set by any trip.
  std::atomic<bool> stop_requested_{false};
  // CLOCK_MONOTONIC nanoseconds of the trip; 0 until trip() has recorded it.
  std::atomic<int64_t> tripped_at_ns_{0};
  std::atomic<bool> running_{false};
  bool gave_up_ = false;  // the last resort was called; only the handler touches it
  clockid_t cpu_clock_{};
  double cpu_at_start_ = 0;
  std::chrono::steady_clock::time_point started_;
  timer_t timer_{};
  bool has_timer_ = false;
  pid_t owner_thread_ = 0;
  // The message of each way to stop, written before the run because the last resort cannot
  // allocate: one per LimitKind, then kInterrupted by SIGINT and by SIGTERM.
  std::array<std::string, 8> last_words_;
};

// "Timed out after 1.5 s": the --timeout message, also used when the time ran out before the
// script started (reading it from a pipe).
std::string timeout_message(double seconds);

}  // namespace kosmo::lua
