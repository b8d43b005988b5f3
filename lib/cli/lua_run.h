#pragma once
// One run of Lua code with its options, from the runtimes to the report: the core that
// `kosmo integrations:lua` / `mcp:lua` (lua_command.cpp) and the MCP gateway's lua_execute
// (code_mode_tools.cpp) share, so both run the same sandbox under the same policy and report
// the same envelope.
//
// Every run gets a fresh Lua state, its own limits, call log and runtimes (so its own
// --force/--dry-run); only the CommandContext (configuration, catalog, HTTP stack, redactor) is
// shared between runs of one process. Nothing here touches process-wide signal handling: the
// caller passes a SignalWatch when it owns one.
#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>

#include "lib/cli/code_source.h"
#include "lib/cli/command_context.h"
#include "lib/cli/run_report.h"
#include "lib/cli/signal_watch.h"
#include "lib/common/run_flags.h"
#include "lib/lua/limits.h"
#include "lib/lua/run_observer.h"

namespace kosmo::cli {

enum class LuaFlavor { kIntegrations, kMcp };

struct LuaRunSettings {
  LuaFlavor flavor = LuaFlavor::kIntegrations;
  // --force, --dry-run, --deterministic (in the envelope) and deny_writes, for this run's
  // runtimes; record/replay come from the context's HTTP stack.
  RunFlags flags;
  size_t memory_limit = lua::kDefaultMemoryLimitBytes;
  double cpu_limit = lua::kDefaultCpuLimitSeconds;
  size_t output_limit = lua::kDefaultOutputLimitBytes;
  std::optional<double> wall_seconds;  // the run's wall-clock bound; none: unbounded
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // Stops the run when set from another thread (Limits::cancelled). Borrowed, may be null.
  const std::atomic<bool>* cancelled = nullptr;
  // The gateway's selection: which integrations and MCP servers app.* may reach. None: every
  // one (the Lua commands). A call outside it is refused inside the run as permission_denied;
  // an empty MCP selection also keeps the MCP runtime from being made at all.
  std::optional<std::set<std::string>> integrations;
  std::optional<std::set<std::string>> mcp_servers;
  bool repl = false;  // integrations:lua --repl: an interactive session instead of `source`
  // Whether the run ends the context's HTTP (writes the cassette when recording). A long-lived
  // process that serves many runs finishes it once, when it ends.
  bool finish_http = true;
};

struct LuaRunHooks {
  lua::RunObserver* observer = nullptr;  // told of prints and calls as they happen; may be null
  SignalWatch* signals = nullptr;        // SIGINT/SIGTERM interrupt the run; may be null
  std::function<void()> before_report;   // e.g. erase a live status line; may be empty
};

// The deadline of a run bounded by `timeout` seconds from `started`, on the clock the sandbox's
// guard counts from, so every request of the run ends when the guard's budget does.
Deadline lua_run_deadline(std::optional<double> timeout,
                          std::chrono::steady_clock::time_point started);

// Runs `source` (ignored for the REPL) with the script's `args` (a JSON array of objects,
// script_args.h) in a fresh sandbox and reports through `report`. Returns the exit code.
int run_lua_code(CommandContext& context, const LuaRunSettings& settings,
                 const std::optional<CodeSource>& source, const rapidjson::Value& args,
                 RunReport& report, const LuaRunHooks& hooks = {});

}  // namespace kosmo::cli
