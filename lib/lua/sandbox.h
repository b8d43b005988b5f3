#pragma once
// A sandboxed Lua 5.4 state (product spec §3): its own allocator with a memory cap, the
// allow-listed environment with the kosmo helpers, the output sink, the call log, and the
// limits guard. One Sandbox per run, or per REPL session.
#include <atomic>
#include <lua.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "lib/lua/call_log.h"
#include "lib/lua/limited_allocator.h"
#include "lib/lua/limits.h"
#include "lib/lua/output_sink.h"
#include "lib/lua/run_guard.h"
#include "lib/lua/sandbox_context.h"

namespace kosmo::lua {

class DocRegistry;
class Dispatcher;
class RunObserver;

struct SandboxOptions {
  Limits limits;
  bool expose_integrations = true;  // app.integrations (integrations:lua only)
  bool expose_docs = true;          // docs.* and lua_read_doc (integrations:lua only)
};

struct SandboxServices {
  Dispatcher* dispatcher = nullptr;   // serves app.*; must outlive the Sandbox
  const DocRegistry* docs = nullptr;  // serves docs.*; must outlive the Sandbox
  RunObserver* observer = nullptr;    // told of prints and calls as they happen; may be null
};

class Sandbox {
 public:
  Sandbox(const SandboxOptions& options, const SandboxServices& services,
          RunGuard::LastResort last_resort);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return L_; }
  const Limits& limits() const { return options_.limits; }
  OutputSink& output() { return output_; }
  CallLog& calls() { return calls_; }
  size_t memory_used() const { return allocator_.used(); }

  // A fresh guard for each run (a REPL line is a run); the previous one must be stopped.
  RunGuard& new_guard();
  RunGuard& guard() { return *guard_; }
  // Stops the current run and every later one as RunGuard::interrupt does, for SIGINT/SIGTERM.
  // Safe from any thread, also while new_guard replaces the guard, and async-signal-safe: it
  // runs in the SIGINT/SIGTERM handler (cli::SignalWatch).
  void interrupt(int signal);

 private:
  void setup_protected(const SandboxServices& services);
  void retire_guard();

  SandboxOptions options_;
  RunGuard::LastResort last_resort_;
  LimitedAllocator allocator_;
  OutputSink output_;
  CallLog calls_;
  std::unique_ptr<RunGuard> guard_;
  // guard_ as interrupt() may use it: null while new_guard replaces it. Not a mutex, because
  // interrupt() runs in a signal handler that may have interrupted new_guard itself.
  std::atomic<RunGuard*> live_guard_{nullptr};
  std::atomic<int> interrupts_running_{0};
  std::atomic<int> interrupt_signal_{0};
  SandboxContext context_;
  lua_State* L_ = nullptr;
};

// Builds the allow-listed global environment in a fresh state (sandbox_environment.cpp).
void build_environment(lua_State* L, const SandboxOptions& options,
                       const SandboxServices& services);

}  // namespace kosmo::lua
