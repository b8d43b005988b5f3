#include "lib/cli/gateway_client_options.h"

#include "lib/cli/gateway_options.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/utf8.h"
#include "lib/gateway/client_config_json.h"

namespace kosmo::cli {

const char kGatewayClientsHelp[] =
    R"(Clients (--client) and their files (install picks one with --scope; * = the default):
  project      *project: .mcp.json at the project root (KosmoKrator's behaviour)
  claude-code  *user: ~/.claude.json "mcpServers" (as `claude mcp add --scope user`);
               project: .mcp.json
  cursor       *user: ~/.cursor/mcp.json; project: .cursor/mcp.json
  vscode       *project: .vscode/mcp.json "servers"; user: ~/.config/Code/User/mcp.json
  codex        *user: $CODEX_HOME/config.toml (~/.codex), a [mcp_servers.NAME] table;
               project: .codex/config.toml
  gemini       *user: ~/.gemini/settings.json; project: .gemini/settings.json
The project root is the git top level around the working directory, else the directory.

The entry starts this kosmo binary (its absolute path) as `mcp:serve` with the gateway flags
given here: --write=deny unless --write or --profile is given, --max-result-chars only when
not 50000. See docs.read("gateway") or `kosmo integrations:docs gateway`.
)";

void add_gateway_client_options(CLI::App& app, GatewayClientOptions& options, bool with_scope) {
  add_gateway_options(app, options.flags);
  app.add_option("--client", options.client,
                 "Whose configuration: project (default), claude-code, cursor, vscode, codex, "
                 "gemini")
      ->check(CLI::IsMember(gateway::client_names()));
  if (with_scope) {
    app.add_option("--scope", options.scope,
                   "user or project (default: the client's usual one, see below)")
        ->check(CLI::IsMember({"user", "project"}));
  }
  app.add_option("--name", options.name, "Server name in the client's configuration")
      ->default_str("kosmo");
  add_json_flag(app, options.json);
}

Outcome<gateway::GatewayServerEntry> gateway_entry_for(const GatewayClientOptions& options) {
  if (std::optional<std::string> problem = gateway::gateway_entry_problem(options.flags)) {
    return Failure{ErrorCode::kUsage, *problem};
  }
  if (options.name.empty()) return Failure{ErrorCode::kUsage, "--name must not be empty."};
  gateway::GatewayServerEntry entry =
      gateway::gateway_server_entry(options.flags, gateway::running_kosmo_path());
  // JSON and TOML files hold UTF-8 only; a byte sequence that is not would corrupt the file.
  if (!is_valid_utf8(options.name)) {
    return Failure{ErrorCode::kUsage, "--name is not valid UTF-8."};
  }
  if (!is_valid_utf8(entry.command)) {
    return Failure{ErrorCode::kConfig,
                   "The path of the kosmo binary is not valid UTF-8, so no JSON or TOML file "
                   "can name it; move kosmo to a directory with a UTF-8 name."};
  }
  for (const std::string& arg : entry.args) {
    if (!is_valid_utf8(arg)) return Failure{ErrorCode::kUsage, "A flag value is not valid UTF-8."};
  }
  return entry;
}

rapidjson::Value client_config_document(const gateway::ClientTarget& target,
                                        const std::string& name,
                                        const gateway::GatewayServerEntry& entry,
                                        rapidjson::Document::AllocatorType& allocator) {
  const char* key = "mcpServers";
  if (target.format == gateway::ClientFormat::kJsonServers) key = "servers";
  if (target.format == gateway::ClientFormat::kCodexToml) key = "mcp_servers";
  rapidjson::Value servers(rapidjson::kObjectType);
  servers.AddMember(
      rapidjson::Value(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), allocator),
      gateway::json_server_entry(entry, target.typed_entry, allocator), allocator);
  rapidjson::Value document(rapidjson::kObjectType);
  document.AddMember(rapidjson::StringRef(key), servers, allocator);
  return document;
}

}  // namespace kosmo::cli
