#include "lib/cli/mcp_gateway_install_command.h"

#include <filesystem>
#include <memory>
#include <string>

#include "lib/cli/command_output.h"
#include "lib/cli/gateway_client_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/environment.h"
#include "lib/gateway/client_config_file.h"
#include "lib/gateway/client_config_json.h"
#include "lib/gateway/client_config_toml.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Writes the entry that starts `kosmo mcp:serve` into the client's MCP configuration, so the
client starts kosmo as an MCP server. Running it again gives the same file: an entry of the
same --name is replaced where it stands, every other key, server and (in Codex's TOML) comment
is kept. A missing file and its directories are created (mode 0600 in the user scope, 0644 in
the project scope; an existing file keeps its mode). A file that is not valid JSON (comments
included: they could not be kept) or TOML is left untouched and reported as config_error.

Examples:
  kosmo mcp:gateway:install --client claude-code --integration sinch
  kosmo mcp:gateway:install --client codex --integrations sinch,agora --upstream github
  kosmo mcp:gateway:install --client vscode --profile support --json
  kosmo mcp:gateway:install --write allow --max-result-chars 20000   # the project's .mcp.json

)";

constexpr const char kJsonHelp[] =
    R"(
JSON (--json):
  {"success": true, "error": null, "error_code": null, "server": "kosmo",
   "client": "claude-code", "scope": "user", "path": "/home/me/.claude.json", "changed": true,
   "config": {"mcpServers": {"kosmo": {"type": "stdio", "command": "/usr/local/bin/kosmo",
              "args": ["mcp:serve", "--integration=sinch", "--write=deny"]}}}}
  "changed" is false when the file already held this entry. Failures: "usage" (a bad
  --client, --scope, --write or --max-result-chars), "config_error" (the file is not valid
  JSON/TOML, holds the server map as something else than an object, or cannot be written).
)";

int run_install(const GatewayClientOptions& options) {
  CommandOutput out(options.json);
  Outcome<gateway::GatewayServerEntry> entry = gateway_entry_for(options);
  if (!entry) return out.fail(entry.error());
  std::error_code ec;
  const std::filesystem::path cwd = std::filesystem::current_path(ec);
  Outcome<gateway::ClientTarget> target =
      gateway::client_target(options.client, options.scope, config::process_environment(), cwd);
  if (!target) return out.fail(target.error());
  const std::string file_name = target->file.string();

  bool changed = false;
  auto change = [&](const gateway::ClientFileText& current) -> Outcome<std::string> {
    Outcome<std::string> next = std::string();
    if (target->format == gateway::ClientFormat::kCodexToml) {
      next = gateway::with_toml_server_table(
          current.text, options.name, gateway::toml_server_table(options.name, *entry), file_name);
    } else {
      rapidjson::Document scratch;
      const rapidjson::Value value =
          gateway::json_server_entry(*entry, target->typed_entry, scratch.GetAllocator());
      const char* key =
          target->format == gateway::ClientFormat::kJsonServers ? "servers" : "mcpServers";
      next = gateway::with_json_server_entry(current.text, key, options.name, value, file_name);
    }
    if (next) changed = !current.exists || *next != current.text;
    return next;
  };
  if (std::optional<Failure> failure =
          gateway::edit_client_file(*target, config::process_environment(), change)) {
    return out.fail(*failure);
  }
  if (!options.json) return out.succeed("Installed kosmo MCP gateway in " + file_name);
  auto& allocator = out.allocator();
  out.payload().AddMember("server", out.string(options.name), allocator);
  out.payload().AddMember("client", out.string(target->client), allocator);
  out.payload().AddMember("scope", out.string(target->scope), allocator);
  out.payload().AddMember("path", out.string(file_name), allocator);
  out.payload().AddMember("changed", changed, allocator);
  out.payload().AddMember(
      "config", client_config_document(*target, options.name, *entry, allocator), allocator);
  return out.succeed("");
}

}  // namespace

std::function<int()> define_mcp_gateway_install(CLI::App& app) {
  auto options = std::make_shared<GatewayClientOptions>();
  add_gateway_client_options(app, *options, true);
  app.footer(std::string(kFooter) + kGatewayClientsHelp + kJsonHelp + "\n" + exit_code_summary());
  return [options] { return run_install(*options); };
}

}  // namespace kosmo::cli
