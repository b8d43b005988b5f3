#include "lib/cli/mcp_call_command.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/call_command_line.h"
#include "lib/cli/call_report.h"
#include "lib/cli/command_context.h"
#include "lib/cli/mcp_call_arguments.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Usage: kosmo mcp:call SERVER.TOOL [PAYLOAD] [--name=value | --name value | --arg name=value]...
SERVER.TOOL: the server's name (or its Lua name) and the tool's name as the server gives
it or its Lua name (see mcp:tools). The same call as `kosmo mcp:SERVER TOOL ...`;
`kosmo mcp:SERVER` alone lists the server's tools.
Arguments (KosmoKrator's forms): one JSON payload, a JSON object, `-` (stdin) or @file.json
(piped stdin is the payload when none is given); parameters as --name=value, --name value,
--arg name=value (repeatable) or a bare --name (true); '-' in a name becomes '_'. Flags
override the payload's keys, the last one winning. A value is true/false/null, a number or
JSON when it reads as one, else text.
Reads (readOnlyHint) run; writes need --force or `permissions.write: allow` for "mcp.<server>"
in config.yaml; --dry-run calls no tool, reads included, and returns the request instead.
Project servers must be trusted first (kosmo mcp:trust SERVER). --force on MCP needs
KosmoKrator's opt-in, KOSMO_MCP_ALLOW_FORCE=1 or `mcp: {allow_force_bypass: true}` in
config.yaml; with it, --force also bypasses trust.

Examples:
  kosmo mcp:call fake.echo --message=hi --json
  kosmo mcp:fake echo --arg message=hi
  kosmo mcp:call github.create_issue '{"title": "Bug"}' --dry-run --json

JSON (--json): KosmoKrator's call result, with kosmo's error_code and call log:
  {"function": "fake.echo", "success": true, "data": <data>, "error": null,
   "error_code": null,
   "meta": {"dry_run": false, "operation": "read", "permission_bypassed": false,
            "server": "fake", "schema_version": 1},
   "duration_ms": 12.5,
   "integration_calls": [{"path": "mcp.fake.echo", "function": "fake.echo", "account": "",
     "operation": "read", "status": "ok", "durationMs": 12.1, "http_status": null,
     "attempts": 1}]}
  Failures: "success": false, "data": null, error_code usage (2), mcp_error (1, also a
  result with isError), permission_denied or untrusted_server (4), config_error (5).
)";

struct CallOptions {
  std::string target;  // SERVER.TOOL
  RunFlags flags;
  std::vector<std::string> extras;  // the payload and --name value tokens
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

int run_call(const CallOptions& options, const std::vector<std::string>& tokens) {
  RunFlags flags = options.flags;
  flags.dry_run_reads = true;
  CallSubject subject{options.target, "server", std::nullopt};
  auto usage = [&flags, &subject](const std::string& message) {
    return report_call_failure(flags, subject, {ErrorCode::kUsage, message});
  };
  if (options.target.empty())
    return usage("Name the tool to call as SERVER.TOOL (see kosmo mcp:tools).");
  CommandContext context(flags);
  lua::CallRequest request;
  request.has_named = true;
  CallCommandLine line;
  if (auto problem = parse_call_command_line(tokens, Deadline::after(flags.run_timeout()), line)) {
    return usage(*problem);
  }
  if (auto problem = collect_mcp_arguments(line, request.named)) return usage(*problem);
  auto runtime = context.make_mcp_runtime();
  std::string tool;
  std::string error;
  const mcp::ServerConfig* server = split_target(options.target, runtime->servers(), tool, error);
  if (server == nullptr) return usage(error);
  subject.where = server->name;
  // The path a Lua script would use, so the call log reads the same as a script's.
  request.path = {"mcp", server->name, tool};
  return run_single_call(*runtime, request, subject, context);
}

}  // namespace

std::function<int()> define_mcp_call(CLI::App& app) {
  auto options = std::make_shared<CallOptions>();
  // Optional for CLI11 so that a missing one is reported in the call's JSON shape.
  app.add_option("tool", options->target, "SERVER.TOOL, e.g. fake.echo");
  add_run_flags(app, options->flags,
                {RunFlag::kJson, RunFlag::kForce, RunFlag::kDryRun, RunFlag::kDeterministic});
  app.get_option("--dry-run")
      ->description("Call no tool, reads included: return the request the call would make");
  // The payload and the tool's parameters (call_command_line.h) arrive as tokens CLI11 cannot
  // know in advance.
  app.allow_extras();
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  // The tokens CLI11 left over, kept when parsing ends: the runner runs after the app is gone.
  app.callback([options, parsed = &app] { options->extras = parsed->remaining(); });
  return [options] { return run_call(*options, options->extras); };
}

int mcp_call_parse_error(const std::string& message) {
  return report_call_parse_error("server", message);
}

}  // namespace kosmo::cli
