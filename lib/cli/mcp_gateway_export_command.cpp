#include "lib/cli/mcp_gateway_export_command.h"

#include <memory>
#include <string>

#include "lib/cli/command_output.h"
#include "lib/cli/gateway_client_options.h"
#include "lib/common/error_codes.h"
#include "lib/gateway/client_config_toml.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Prints the entry that `mcp:gateway:install` would write, in the client's format, to paste
into a configuration by hand: {"mcpServers": {NAME: entry}} (Claude Code, Cursor, Gemini CLI,
.mcp.json), {"servers": {NAME: entry}} (VS Code), or a [mcp_servers.NAME] TOML table (Codex).
Nothing is read or written.

Examples:
  kosmo mcp:gateway:export --integration sinch
  kosmo mcp:gateway:export --client codex --integrations sinch,agora >> ~/.codex/config.toml
  kosmo mcp:gateway:export --client vscode --profile support --json

)";

constexpr const char kJsonHelp[] =
    R"(
JSON (--json):
  {"success": true, "error": null, "error_code": null, "client": "project",
   "config": {"mcpServers": {"kosmo": {"type": "stdio", "command": "/usr/local/bin/kosmo",
              "args": ["mcp:serve", "--write=deny"]}}}}
  With --client codex, "config" is {"mcp_servers": {NAME: {"command": ..., "args": [...]}}}
  and "toml" holds the table's text. Failures: "usage".
)";

int run_export(const GatewayClientOptions& options) {
  CommandOutput out(options.json);
  Outcome<gateway::GatewayServerEntry> entry = gateway_entry_for(options);
  if (!entry) return out.fail(entry.error());
  // Only the client's format matters: no file is read, so no scope or HOME is needed.
  const std::optional<gateway::ClientTarget> shape = gateway::client_shape(options.client);
  if (!shape) return out.fail("Unknown client '" + options.client + "'.", ErrorCode::kUsage);
  const gateway::ClientTarget& chosen = *shape;
  const bool toml = chosen.format == gateway::ClientFormat::kCodexToml;
  auto& allocator = out.allocator();
  rapidjson::Value document = client_config_document(chosen, options.name, *entry, allocator);
  if (!options.json) {
    return out.succeed(toml ? gateway::toml_server_table(options.name, *entry)
                            : pretty_json(document));
  }
  out.payload().AddMember("client", out.string(chosen.client), allocator);
  out.payload().AddMember("config", document, allocator);
  if (toml) {
    out.payload().AddMember("toml", out.string(gateway::toml_server_table(options.name, *entry)),
                            allocator);
  }
  return out.succeed("");
}

}  // namespace

std::function<int()> define_mcp_gateway_export(CLI::App& app) {
  auto options = std::make_shared<GatewayClientOptions>();
  add_gateway_client_options(app, *options, false);
  app.footer(std::string(kFooter) + kGatewayClientsHelp + kJsonHelp + "\n" + exit_code_summary());
  return [options] { return run_export(*options); };
}

}  // namespace kosmo::cli
