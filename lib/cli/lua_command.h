#pragma once
// `kosmo integrations:lua` and `kosmo mcp:lua`: find the code, run it in a sandbox, report.
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "lib/cli/lua_run.h"
#include "lib/cli/script_args_options.h"
#include "lib/common/run_flags.h"
#include "lib/lua/limits.h"

namespace kosmo::cli {

struct LuaCommandOptions {
  LuaFlavor flavor = LuaFlavor::kIntegrations;
  RunFlags flags;
  std::string file;
  std::optional<std::string> eval;
  ScriptArgsOptions inputs;  // --input, --arg, --arg-json: the script's `args`
  bool repl = false;
  bool progress = false;  // --progress: stream print() lines to stderr as they happen
  size_t memory_limit = lua::kDefaultMemoryLimitBytes;
  double cpu_limit = lua::kDefaultCpuLimitSeconds;
  size_t output_limit = lua::kDefaultOutputLimitBytes;
};

inline constexpr const char kIntegrationsLuaSummary[] =
    "Run a sandboxed Lua workflow against integrations and MCP servers";
inline constexpr const char kMcpLuaSummary[] = "Run a sandboxed Lua workflow against MCP servers";

// Registers the command's options on `app`; `options` must outlive parsing.
void add_lua_options(CLI::App& app, LuaFlavor flavor, LuaCommandOptions& options);

// Runs the parsed command and returns the process exit code.
int run_lua_command(const LuaCommandOptions& options);

}  // namespace kosmo::cli
