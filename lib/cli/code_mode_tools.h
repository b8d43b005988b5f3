#pragma once
// Code mode of the MCP gateway (`kosmo mcp:serve`): the tools lua_execute, lua_docs_search and
// lua_docs_read. An agent that needs thirty integration calls makes one tool call: the workflow
// runs in kosmo's sandbox (the same as `integrations:lua`: lua_run.h), only its envelope comes
// back, and the intermediate data never enters the agent's context.
//
// It lives in lib/cli because it runs Lua through the command's own core (run_lua_code) over
// the serve command's CommandContext: one HTTP stack, redactor and catalog per server process,
// so `mcp:serve --replay cassette` serves lua_execute from the cassette too.
//
// What the serve command must do for it: construct it and call it on one thread (the gateway's
// worker; a run's CPU limit is that thread's CPU time); own SIGINT/SIGTERM itself (no run
// installs handlers; to stop a running call on a signal, set its ToolCallControl.cancelled);
// and call context.finish_http() once when the server ends (writes the --record cassette).
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "lib/cli/command_context.h"
#include "lib/gateway/tool_provider.h"
#include "lib/gateway/tool_result_format.h"
#include "lib/lua/limits.h"

namespace kosmo::cli {

struct CodeModeSettings {
  // --write allow: writes are sent, policy bypassed as KosmoKrator's gateway does
  // (force: allowsWrites || force). Otherwise every write is refused inside the run as
  // permission_denied (RunFlags::deny_writes), whatever config.yaml says; dry_run describes it.
  bool allow_writes = false;
  bool force = false;  // --force: reads denied by config are bypassed too
  size_t max_result_chars = gateway::kDefaultMaxResultChars;  // cuts the text block
  // The gateway's caps. A call may ask for less (its timeout, memory_limit, cpu_limit,
  // output_limit arguments), never more.
  double max_timeout_seconds = kDefaultRunTimeoutSeconds;  // <= 0: no bound of the gateway's
  size_t memory_limit = lua::kDefaultMemoryLimitBytes;
  double cpu_limit = lua::kDefaultCpuLimitSeconds;
  size_t output_limit = lua::kDefaultOutputLimitBytes;
  // The gateway's selection: the integrations and MCP servers app.* may call. None: all of
  // them. An empty MCP set: no app.mcp.* at all (no MCP server is started for a run).
  std::optional<std::set<std::string>> integrations;
  std::optional<std::set<std::string>> mcp_servers;
  // Zero the time-dependent envelope fields (tests, --deterministic).
  bool deterministic = false;
};

inline constexpr const char kLuaExecuteTool[] = "lua_execute";
inline constexpr const char kLuaDocsSearchTool[] = "lua_docs_search";
inline constexpr const char kLuaDocsReadTool[] = "lua_docs_read";

// `context` is borrowed and must outlive the provider.
std::unique_ptr<gateway::ToolProvider> make_code_mode_tools(CommandContext& context,
                                                            const CodeModeSettings& settings);

}  // namespace kosmo::cli
