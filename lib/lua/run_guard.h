#pragma once
// Stops a run that exceeds its CPU or wall-clock budget, or that tripped another limit.
//
// Normal execution pays nothing: no per-instruction hook is installed. A watchdog thread sleeps
// until the budget can next be exhausted; when a limit trips it installs a hook that raises an
// error on every instruction of the running Lua thread, so `pcall` cannot swallow the stop
// (the next instruction after the pcall raises again) and coroutines are covered because the
// guard tracks which Lua thread is running. If the VM is stuck inside one C call the hook never
// fires; after a grace period the watchdog calls the last-resort handler, which writes the
// envelope and ends the process.
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <lua.hpp>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "lib/lua/limits.h"

namespace kosmo::lua {

class RunGuard {
 public:
  // Runs on the watchdog thread and normally ends the process; it may return only when the
  // main thread is already reporting. Empty (tests) means the watchdog just stops re-arming.
  using LastResort = std::function<void(LimitKind)>;

  RunGuard(lua_State* main_thread, const Limits& limits, LastResort last_resort);
  ~RunGuard();
  RunGuard(const RunGuard&) = delete;
  RunGuard& operator=(const RunGuard&) = delete;

  // Starts the budget clocks and the watchdog; stop() ends the watchdog (idempotent).
  void start();
  void stop();

  // Records that a limit was hit and makes the running Lua thread unwind. Safe from any thread;
  // the first trip wins.
  void trip(LimitKind kind);
  // Trips kInterrupted for `signal` (SIGINT, SIGTERM) received from outside. Any thread.
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
  // own "timed out" error at the same moment the watchdog would trip; checking here makes the
  // run end as a timeout (exit 3) whichever thread notices first.
  void trip_if_out_of_time();
  // Trips kInterrupted when the run's cancel flag (Limits::cancelled) is set, without waiting
  // for the watchdog's next look; true when any limit has tripped. The bridge asks before each
  // app.* call, so a cancelled run sends no further request.
  bool trip_if_cancelled();

 private:
  void watch();
  void arm(lua_State* thread);
  double cpu_seconds_used() const;

  Limits limits_;
  LastResort last_resort_;
  std::atomic<lua_State*> current_;
  std::atomic<LimitKind> tripped_{LimitKind::kNone};
  std::atomic<int> interrupt_signal_{0};
  clockid_t cpu_clock_{};
  double cpu_at_start_ = 0;
  std::chrono::steady_clock::time_point started_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread watchdog_;
};

// "Timed out after 1.5 s": the --timeout message, also used when the time ran out before the
// script started (reading it from a pipe).
std::string timeout_message(double seconds);

}  // namespace kosmo::lua
