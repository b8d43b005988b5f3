#include "lib/cli/mcp_status_command.h"

#include <memory>
#include <optional>
#include <string>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/mcp_server_check.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Each enabled, trusted server is started and must answer the initialize handshake within
its entry's "timeout" (default 30 s) and the command's --timeout; it is stopped afterwards.
Disabled servers and untrusted or changed project servers are not started. --offline starts
nothing ("state": "not checked"). The report is the result: a server that fails still exits 0.

Examples:
  kosmo mcp:status
  kosmo mcp:status github --json | jq '.servers.github.check'
  kosmo mcp:status --offline --json

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "servers": {"fake": {"name": "fake", "type": "stdio", "enabled": true, "source": "global",
     "path": "/home/me/.kosmo/mcp.json", "command": "fake-mcp", "args": [], "url": null,
     "timeout": 30, "permissions": {"read": "allow", "write": "ask"}, "lua_name": "fake",
     "project": false, "trusted": true, "status": "configured", "trust": "not required",
     "oauth": null,
     "check": {"state": "ready", "ready": true, "problem": null, "error_code": null,
               "protocol_version": "2025-11-25",
               "server_info": {"name": "fake-mcp", "version": "1.0.0"},
               "capabilities": ["tools", "resources", "prompts"]}}}}
  "state" is "ready", "failed" (problem and error_code say why), "disabled", "untrusted",
  "changed" or "not checked". "oauth" (HTTP servers; null for stdio and "oauth": false):
  {"authorized": true, "grant": "authorization_code", "issuer": "https://auth.example.com",
   "scope": "read", "expires_at": 1767225600, "refresh_token": true} from kosmo mcp:login or an
  earlier run, or {"authorized": false}. Unknown SERVER: error_code "usage" (exit 2).
)";

struct StatusOptions {
  std::optional<std::string> server;
  bool offline = false;
  RunFlags flags;
};

int run_status(const StatusOptions& options) {
  CommandOutput out(options.flags.json);
  CommandContext context(options.flags, Deadline::after(options.flags.run_timeout()));
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  auto runtime = context.make_mcp_runtime();
  const mcp::LoadedServers& loaded = runtime->servers();
  const mcp::ServerConfig* only = nullptr;
  if (options.server) {
    only = loaded.find(*options.server);
    if (only == nullptr) {
      return out.fail(mcp::unknown_server_message(*options.server, loaded), ErrorCode::kUsage);
    }
  }
  ServerChecker checker(context, *runtime, out, !options.offline);
  rapidjson::Value servers(rapidjson::kObjectType);
  std::string text;
  for (const mcp::ServerConfig& server : loaded.servers) {
    if (only != nullptr && &server != only) continue;
    servers.AddMember(out.string(server.name), checker.row(server, text), out.allocator());
  }
  out.payload().AddMember("servers", servers, out.allocator());
  if (loaded.servers.empty()) {
    return out.succeed(
        "No MCP servers are configured. Add one with: kosmo mcp:add NAME --command CMD");
  }
  return out.succeed(text);
}

}  // namespace

std::function<int()> define_mcp_status(CLI::App& app) {
  auto options = std::make_shared<StatusOptions>();
  app.add_option("server", options->server, "Server name (default: every configured server)");
  app.add_flag("--offline", options->offline, "Start no server; report the configuration only");
  add_run_flags(app, options->flags, {RunFlag::kJson, RunFlag::kTimeout});
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_status(*options); };
}

}  // namespace kosmo::cli
