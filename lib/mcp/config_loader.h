#pragma once
// Finds, reads and merges the MCP config files (spec §9):
//
//   1 global-legacy   ~/.kosmokrator/mcp.json
//   2 global          $KOSMO_HOME/mcp.json
//   3 project-vscode  <project>/.vscode/mcp.json
//   4 project-cursor  <project>/.cursor/mcp.json
//   5 project         <project>/.mcp.json
//
// A later file replaces an earlier file's entry of the same name whole (no field merge). Each file
// may use the `mcpServers` or the VS Code `servers` key. Comments and trailing commas are accepted
// (VS Code writes JSONC). A file that cannot be used, or an entry with a malformed field, is left
// out with a warning returned to the caller: nothing here throws for the content of a file, and
// nothing is dropped without saying so. A missing file is not a warning.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "lib/config/environment.h"
#include "lib/mcp/server_config.h"

namespace kosmo::mcp {

struct ConfigSource {
  std::filesystem::path file;
  std::string label;  // ServerConfig::source_label of its entries
  bool project = false;
  std::filesystem::path base_dir;  // relative `cwd` values resolve here
};

// The five files above in precedence order. <project> is config::project_root(cwd). A relative
// `cwd` in a project file resolves against the project root, in a user file against the file's
// directory. A path listed twice (KOSMO_HOME pointing at ~/.kosmokrator) is read once.
std::vector<ConfigSource> default_sources(const config::Environment& env,
                                          const std::filesystem::path& cwd);

struct LoadedServers {
  std::vector<ServerConfig> servers;  // sorted by name (byte order)
  std::vector<std::string> warnings;  // one sentence each, naming the file

  // By the name as written, else by a unique sanitize_name match (`app.mcp.my_server` for
  // "My-Server"); nullptr when there is none.
  const ServerConfig* find(std::string_view name) const;
};

LoadedServers load_servers(const std::vector<ConfigSource>& sources);

// load_servers(default_sources(env, cwd)).
LoadedServers load_servers(const config::Environment& env, const std::filesystem::path& cwd);

}  // namespace kosmo::mcp
