#include "lib/cli/mcp_call_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/call_report.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/envelope.h"
#include "lib/cli/mcp_call_arguments.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/run_report.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(SERVER.TOOL: the server's name (or its Lua name) and the tool's name as the server gives
it or its Lua name (see mcp:tools). Arguments: one JSON object and/or --arg key=value pairs; a
value is JSON when it parses (42, true, [1,2]), else text.
Reads (readOnlyHint) run; writes need --force or `permissions.write: allow` for "mcp.<server>"
in config.yaml; --dry-run returns a write's request without calling it. Project servers must be
trusted first (kosmo mcp:trust SERVER). --force on MCP needs KosmoKrator's opt-in,
KOSMO_MCP_ALLOW_FORCE=1 or `mcp: {allow_force_bypass: true}` in config.yaml; with it, --force
also bypasses trust.

Examples:
  kosmo mcp:call fake.echo --arg message=hi
  kosmo mcp:call github.create_issue '{"title": "Bug"}' --dry-run --json

JSON (--json): the run envelope of mcp:lua, with the tool's result as the only result:
  {"success": true, "output": "", "error": null, "error_code": null, "result": [<data>],
   "execution_time_ms": 12.5, "memory_usage": 0,
   "integration_calls": [{"path": "mcp.fake.echo", "function": "fake.echo", "account": "",
     "operation": "read", "status": "ok", "durationMs": 12.1, "http_status": null,
     "attempts": 1}],
   "meta": {"permission_bypassed": false, "dry_run": false, "schema_version": 1}}
  Failures: "success": false, "result": [], error_code usage (2), mcp_error (1, also a
  result with isError), permission_denied or untrusted_server (4), config_error (5).
)";

struct CallOptions {
  std::string target;  // SERVER.TOOL
  std::optional<std::string> arguments;
  std::vector<std::string> pairs;
  RunFlags flags;
};

// Server names may hold dots, so the first prefix naming a configured server wins.
const mcp::ServerConfig* split_target(const std::string& target, const mcp::LoadedServers& servers,
                                      std::string& tool, std::string& error) {
  for (size_t dot = target.find('.'); dot != std::string::npos; dot = target.find('.', dot + 1)) {
    const mcp::ServerConfig* server = servers.find(target.substr(0, dot));
    if (server != nullptr && dot + 1 < target.size()) {
      tool = target.substr(dot + 1);
      return server;
    }
  }
  const size_t dot = target.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == target.size()) {
    error = "Expected SERVER.TOOL, got '" + target + "' (see kosmo mcp:tools).";
  } else {
    error = mcp::unknown_server_message(target.substr(0, dot), servers);
  }
  return nullptr;
}

int run_call(const CallOptions& options) {
  RunReport report(options.flags);
  CommandContext context(options.flags);
  lua::CallRequest request;
  request.has_named = true;
  if (auto problem = collect_mcp_arguments(options.arguments, options.pairs, request.named)) {
    return report.usage_error(*problem);
  }
  auto runtime = context.make_mcp_runtime();
  std::string tool;
  std::string error;
  const mcp::ServerConfig* server = split_target(options.target, runtime->servers(), tool, error);
  if (server == nullptr) return report.usage_error(error);
  // The path a Lua script would use, so the call log reads the same as a script's.
  request.path = {"mcp", server->name, tool};
  return run_single_call(*runtime, request, context);
}

}  // namespace

std::function<int()> define_mcp_call(CLI::App& app) {
  auto options = std::make_shared<CallOptions>();
  app.add_option("tool", options->target, "SERVER.TOOL, e.g. fake.echo")->required();
  app.add_option("arguments", options->arguments, "Arguments as one JSON object");
  app.add_option("--arg", options->pairs, "One argument as key=value (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  add_run_flags(app, options->flags,
                {RunFlag::kJson, RunFlag::kForce, RunFlag::kDryRun, RunFlag::kDeterministic});
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_call(*options); };
}

}  // namespace kosmo::cli
