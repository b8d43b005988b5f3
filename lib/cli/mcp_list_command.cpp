#include "lib/cli/mcp_list_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/mcp/helper_rows.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Servers come from ~/.kosmokrator/mcp.json, $KOSMO_HOME/mcp.json and the project's
.vscode/mcp.json, .cursor/mcp.json and .mcp.json (a later file wins per name). Project servers
must be trusted (kosmo mcp:trust NAME) before kosmo starts them; "changed" means the entry
changed since it was trusted. Config problems are reported on stderr.

Without --all, disabled servers are left out (KosmoKrator's mcp:list); --all lists them too.

Examples:
  kosmo mcp:list
  kosmo mcp:list --all
  kosmo mcp:list --json | jq -r '.servers[] | select(.trust == "untrusted") | .name'

JSON (--json): KosmoKrator's shape, "servers" keyed by server name:
  {"success": true, "error": null, "error_code": null,
   "servers": {"fs": {"name": "fs", "type": "stdio", "enabled": true, "source": "project",
     "path": "/repo/.mcp.json", "command": "npx", "args": ["-y", "server-fs"], "url": null,
     "timeout": 30, "permissions": {"read": "allow", "write": "ask"}, "lua_name": "fs",
     "project": true, "trusted": false, "file": "/repo/.mcp.json", "trust": "untrusted"}},
   "sources": [{"source": "project", "path": "/repo/.mcp.json", "schema": "mcpServers",
                "servers": ["fs"]}],
   "warnings": []}
  "sources" lists each config file that defines servers (disabled ones too), in precedence
  order; "schema" is its server map key, "mcpServers" or "servers" (VS Code).
  trust is "not required" (user files), "trusted", "untrusted" or "changed"; permissions are
  the effective policy for "mcp.<name>".
  On failure: {"success": false, "error": "...", "error_code": "config_error"}.
)";

struct ListOptions {
  bool json = false;
  bool all = false;
};

int run_list(const ListOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  const mcp::LoadedServers loaded = load_configured_servers();
  const config::PermissionPolicy policy = context.config().policy();
  auto& allocator = out.allocator();
  rapidjson::Value servers(rapidjson::kObjectType);
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "LUA NAME", "TYPE", "ENABLED", "SOURCE", "TRUST", "FILE"}};
  for (const mcp::ServerConfig& server : loaded.servers) {
    if (!server.enabled && !options.all) continue;
    const std::string trust = trust_text(mcp::trust_of(server, context.config().user()));
    rapidjson::Value row = mcp::server_row(server, context.config().user(), policy, allocator);
    row.AddMember("file", out.string(server.source_file.string()), allocator);
    row.AddMember("trust", out.string(trust), allocator);
    servers.AddMember(out.string(server.name), row, allocator);
    rows.push_back({server.name, mcp::sanitize_name(server.name), mcp::transport_name(server),
                    server.enabled ? "yes" : "no", server.source_label, trust,
                    server.source_file.string()});
  }
  rapidjson::Value warnings(rapidjson::kArrayType);
  for (const std::string& warning : loaded.warnings)
    warnings.PushBack(out.string(warning), allocator);
  out.payload().AddMember("servers", servers, allocator);
  out.payload().AddMember("sources", config_sources_json(allocator), allocator);
  out.payload().AddMember("warnings", warnings, allocator);
  if (rows.size() > 1) return out.succeed(format_columns(rows));
  if (!loaded.servers.empty()) {
    return out.succeed("No enabled MCP servers; kosmo mcp:list --all shows the disabled ones.");
  }
  return out.succeed(
      "No MCP servers are configured. Add one with: kosmo mcp:add NAME --command CMD");
}

}  // namespace

std::function<int()> define_mcp_list(CLI::App& app) {
  auto options = std::make_shared<ListOptions>();
  app.add_flag("--all", options->all, "Include disabled servers");
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_list(*options); };
}

}  // namespace kosmo::cli
