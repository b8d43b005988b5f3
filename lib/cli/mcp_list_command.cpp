#include "lib/cli/mcp_list_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Servers come from ~/.kosmokrator/mcp.json, $KOSMO_HOME/mcp.json and the project's
.vscode/mcp.json, .cursor/mcp.json and .mcp.json (a later file wins per name). Project servers
must be trusted (kosmo mcp:trust NAME) before kosmo starts them; "changed" means the entry
changed since it was trusted. Config problems are reported on stderr.

Examples:
  kosmo mcp:list
  kosmo mcp:list --json | jq -r '.servers[] | select(.trust == "untrusted") | .name'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "servers": [{"name": "fs", "lua_name": "fs", "type": "stdio", "enabled": true,
                "source": "project", "file": "/repo/.mcp.json", "project": true,
                "trust": "untrusted"}],
   "warnings": []}
  trust is "not required" (user files), "trusted", "untrusted" or "changed".
  On failure: {"success": false, "error": "...", "error_code": "config_error"}.
)";

rapidjson::Value server_json(const mcp::ServerConfig& server, const std::string& trust,
                             CommandOutput& out) {
  auto& allocator = out.allocator();
  rapidjson::Value item(rapidjson::kObjectType);
  item.AddMember("name", out.string(server.name), allocator);
  item.AddMember("lua_name", out.string(mcp::sanitize_name(server.name)), allocator);
  item.AddMember("type", out.string(mcp::transport_name(server)), allocator);
  item.AddMember("enabled", server.enabled, allocator);
  item.AddMember("source", out.string(server.source_label), allocator);
  item.AddMember("file", out.string(server.source_file.string()), allocator);
  item.AddMember("project", server.from_project, allocator);
  item.AddMember("trust", out.string(trust), allocator);
  return item;
}

int run_list(bool json) {
  CommandOutput out(json);
  CommandContext context;
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  const mcp::LoadedServers loaded = load_configured_servers();
  auto& allocator = out.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "LUA NAME", "TYPE", "ENABLED", "SOURCE", "TRUST", "FILE"}};
  for (const mcp::ServerConfig& server : loaded.servers) {
    const std::string trust = trust_text(mcp::trust_of(server, context.config().user()));
    list.PushBack(server_json(server, trust, out), allocator);
    rows.push_back({server.name, mcp::sanitize_name(server.name), mcp::transport_name(server),
                    server.enabled ? "yes" : "no", server.source_label, trust,
                    server.source_file.string()});
  }
  rapidjson::Value warnings(rapidjson::kArrayType);
  for (const std::string& warning : loaded.warnings)
    warnings.PushBack(out.string(warning), allocator);
  out.payload().AddMember("servers", list, allocator);
  out.payload().AddMember("warnings", warnings, allocator);
  if (loaded.servers.empty()) {
    return out.succeed(
        "No MCP servers are configured. Add one with: kosmo mcp:add NAME --command CMD");
  }
  return out.succeed(format_columns(rows));
}

}  // namespace

std::function<int()> define_mcp_list(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  add_json_flag(app, *json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [json] { return run_list(*json); };
}

}  // namespace kosmo::cli
