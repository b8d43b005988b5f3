#include "lib/cli/config_scope.h"

#include <CLI/CLI.hpp>

#include "lib/cli/mcp_command_support.h"
#include "lib/config/paths.h"
#include "lib/mcp/mcp_outcome.h"

namespace kosmo::cli {

void add_scope_flags(CLI::App& app, ScopeFlags& scope) {
  CLI::Option* global =
      app.add_flag("--global", scope.global, "Write the user's file in $KOSMO_HOME (the default)");
  CLI::Option* project =
      app.add_flag("--project", scope.project, "Write the project's file (at the git top level)");
  global->excludes(project);
}

const char* scope_name(const ScopeFlags& scope) { return scope.project ? "project" : "global"; }

std::filesystem::path scope_mcp_file(const ScopeFlags& scope) {
  if (!scope.project) return config::user_mcp_file();
  return config::project_root(std::filesystem::current_path()) / ".mcp.json";
}

std::filesystem::path scope_config_file(const ScopeFlags& scope) {
  if (!scope.project) return config::config_file();
  return config::project_config_file(config::project_root(std::filesystem::current_path()));
}

std::string not_in_scope_file(const std::string& name, const std::filesystem::path& file) {
  const mcp::LoadedServers loaded = load_configured_servers();
  const mcp::ServerConfig* server = loaded.find(name);
  if (server == nullptr) return mcp::unknown_server_message(name, loaded);
  std::string advice = "which kosmo does not edit. Change it there by hand.";
  if (server->source_label == "project") advice = "so give --project.";
  if (server->source_label == "global") advice = "so leave out --project.";
  return "MCP server '" + server->name + "' is not in " + file.string() + "; it comes from " +
         (server->from_project ? "the project file " : "the file ") + server->source_file.string() +
         ", " + advice;
}

}  // namespace kosmo::cli
