#include "lib/cli/mcp_trust_command.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/config_scope.h"
#include "lib/cli/mcp_command_support.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/config_update.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Servers from project files (.mcp.json, .vscode/mcp.json, .cursor/mcp.json) only start
once trusted. Review the entry first: this stores the SHA-256 fingerprint of what it runs
(type, command, args, env, cwd, url, headers as written) under mcp.trusted in
$KOSMO_HOME/config.yaml. Any change to those fields needs trust again; enabled and timeout do
not. A repository cannot trust itself: only the user's config.yaml counts. Servers from user
files ($KOSMO_HOME/mcp.json, ~/.kosmokrator/mcp.json) need no trust. --global and --project
(KosmoKrator's flags) are accepted, but trust is always stored in the user's config.yaml: a
project's config cannot trust anything, so "scope" is always "global".

Examples:
  kosmo mcp:list
  kosmo mcp:trust repo-tools
  kosmo mcp:trust repo-tools --project --json
  kosmo mcp:trust repo-tools --revoke --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "name": "repo-tools",
   "file": "/repo/.mcp.json", "source": "project", "type": "stdio",
   "launch": "node tools.js", "fingerprint": "9f2c...", "previous": "untrusted",
   "trust": "trusted", "server": "repo-tools", "scope": "global",
   "config_file": "/home/me/.kosmo/config.yaml"}
  "trust" is the state afterwards ("not required" for user servers, nothing stored;
  "untrusted" after --revoke). Failures: "usage" (unknown NAME), "config_error".
)";

struct TrustOptions {
  std::string name;
  bool revoke = false;
  ScopeFlags scope;  // accepted for KosmoKrator's scripts; trust lives in the user's file
  bool json = false;
};

void describe(const mcp::ServerConfig& server, const std::string& previous,
              const std::string& trust, CommandOutput& out) {
  auto& allocator = out.allocator();
  auto& payload = out.payload();
  payload.AddMember("name", out.string(server.name), allocator);
  payload.AddMember("file", out.string(server.source_file.string()), allocator);
  payload.AddMember("source", out.string(server.source_label), allocator);
  payload.AddMember("type", out.string(mcp::transport_name(server)), allocator);
  payload.AddMember("launch", out.string(launch_text(server)), allocator);
  payload.AddMember("fingerprint", out.string(mcp::fingerprint(server)), allocator);
  payload.AddMember("previous", out.string(previous), allocator);
  payload.AddMember("trust", out.string(trust), allocator);
  payload.AddMember("server", out.string(server.name), allocator);
  payload.AddMember("scope", "global", allocator);
}

// The reviewed facts, one per line: env and header values stay out of the terminal.
std::string entry_text(const mcp::ServerConfig& server) {
  std::string text = "  " + mcp::transport_name(server) + ": " + launch_text(server) + "\n";
  const bool local = server.transport != nullptr && server.transport->starts_process;
  const auto& map = local ? server.env : server.headers;
  if (!map.empty()) {
    text += local ? "  env: " : "  headers: ";
    std::string keys;
    for (const auto& [key, value] : map) keys += (keys.empty() ? "" : ", ") + key;
    text += keys + "\n";
  }
  if (!server.cwd.empty()) text += "  cwd: " + server.cwd + "\n";
  return text + "  fingerprint: " + mcp::fingerprint(server) + "\n";
}

// --revoke for a name no file defines any more: its stored trust can still be dropped.
int revoke_orphan(const TrustOptions& options, const std::filesystem::path& file,
                  const mcp::LoadedServers& loaded, CommandOutput& out) {
  bool removed = false;
  config::update_config_file(file, [&](config::KosmoConfig& current) {
    removed = current.remove_trusted(options.name);
    return removed;
  });
  if (!removed) {
    return out.fail(mcp::unknown_server_message(options.name, loaded), ErrorCode::kUsage);
  }
  out.payload().AddMember("name", out.string(options.name), out.allocator());
  out.payload().AddMember("trust", "untrusted", out.allocator());
  out.payload().AddMember("config_file", out.string(file.string()), out.allocator());
  return out.succeed("Revoked the stored trust of MCP server '" + options.name + "'.");
}

// Stores or drops the fingerprint of a project server, in config.yaml as it is once locked
// (another kosmo may have trusted something since this command started).
int change_trust(const TrustOptions& options, const mcp::ServerConfig& server,
                 const std::filesystem::path& file, CommandOutput& out) {
  std::string previous;
  config::update_config_file(file, [&](config::KosmoConfig& current) {
    previous = trust_text(mcp::trust_of(server, current));
    if (options.revoke) {
      current.remove_trusted(server.name);
    } else {
      current.set_trusted_fingerprint(server.name, mcp::fingerprint(server));
    }
    return true;
  });
  describe(server, previous, options.revoke ? "untrusted" : "trusted", out);
  out.payload().AddMember("config_file", out.string(file.string()), out.allocator());
  if (options.revoke) {
    return out.succeed("Revoked trust of project MCP server '" + server.name + "' (" +
                       server.source_file.string() + ").");
  }
  return out.succeed("Trusted project MCP server '" + server.name + "' from " +
                     server.source_file.string() + ":\n" + entry_text(server) + "Stored in " +
                     file.string() + ". Any change to the entry needs trust again.");
}

int run_trust(const TrustOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(false)) return out.fail(*failure);
  const std::filesystem::path file = context.config().user().file();
  const mcp::LoadedServers loaded = load_configured_servers();
  const mcp::ServerConfig* server = loaded.find(options.name);
  try {
    if (server == nullptr) {
      if (options.revoke) return revoke_orphan(options, file, loaded, out);
      return out.fail(mcp::unknown_server_message(options.name, loaded), ErrorCode::kUsage);
    }
    if (!server->from_project) {
      const std::string previous = trust_text(mcp::trust_of(*server, context.config().user()));
      describe(*server, previous, previous, out);
      return out.succeed("MCP server '" + server->name + "' comes from the user file " +
                         server->source_file.string() + "; trust is not required.");
    }
    return change_trust(options, *server, file, out);
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
}

}  // namespace

std::function<int()> define_mcp_trust(CLI::App& app) {
  auto options = std::make_shared<TrustOptions>();
  app.add_option("name", options->name, "Server name (see kosmo mcp:list)")->required();
  app.add_flag("--revoke", options->revoke, "Remove the stored trust instead");
  add_scope_flags(app, options->scope);
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_trust(*options); };
}

}  // namespace kosmo::cli
