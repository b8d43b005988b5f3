#include "lib/cli/configure_mcp_policy.h"

#include <optional>

#include "lib/cli/integration_facts.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/config/config_update.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {

int configure_mcp_policy(const std::string& server, const ConfigureRequest& request,
                         const config::Configuration& loaded, CommandOutput& out) {
  if (request.changes_credentials() || request.enabled) {
    return out.fail("mcp." + server +
                        " takes only --read, --write or --permissions: MCP servers keep their "
                        "settings in mcp.json (kosmo mcp:add, kosmo mcp:enable).",
                    ErrorCode::kUsage);
  }
  const mcp::LoadedServers servers = load_configured_servers();
  const mcp::ServerConfig* found = servers.find(server);
  if (found == nullptr) {
    return out.fail(mcp::unknown_server_message(server, servers), ErrorCode::kUsage);
  }
  const std::string key = "mcp." + found->name;
  ScopeFlags scope;
  scope.project = request.project;
  config::KosmoConfig written;
  try {
    written = config::update_config_file(scope_config_file(scope), [&](config::KosmoConfig& c) {
      if (request.read) c.set_permission(key, config::Operation::kRead, *request.read);
      if (request.write) c.set_permission(key, config::Operation::kWrite, *request.write);
      return true;
    });
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  const config::KosmoConfig& user = request.project ? loaded.user() : written;
  const config::KosmoConfig* project = request.project ? &written : loaded.project();
  const config::PermissionPolicy policy(&user, project);
  auto& allocator = out.allocator();
  out.payload().AddMember("integration", out.string(key), allocator);
  out.payload().AddMember("server", out.string(found->name), allocator);
  out.payload().AddMember("scope", rapidjson::StringRef(request.project ? "project" : "global"),
                          allocator);
  out.payload().AddMember("config_file", out.string(written.file().string()), allocator);
  out.payload().AddMember("permissions", policy_json(policy, key, allocator), allocator);
  out.payload().AddMember("permission_sources", policy_sources_json(policy, key, allocator),
                          allocator);
  return out.succeed("Updated " + written.file().string() + ": MCP server '" + found->name +
                     "'.\nPolicy: " + policy_text(policy, key));
}

}  // namespace kosmo::cli
