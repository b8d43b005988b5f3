#pragma once
// Which file `mcp:gateway:install --client C [--scope S]` writes, in which format: each coding
// client's own MCP configuration, at the scope `claude mcp add`, `codex mcp add` and the like
// use by default.
//
//   client       default scope   user scope                              project scope
//   project      project         -                                       <root>/.mcp.json
//   claude-code  user            ~/.claude.json ("mcpServers")           <root>/.mcp.json
//   cursor       user            ~/.cursor/mcp.json                      <root>/.cursor/mcp.json
//   vscode       project         <VS Code user dir>/mcp.json ("servers") <root>/.vscode/mcp.json
//   codex        user            $CODEX_HOME/config.toml (~/.codex)      <root>/.codex/config.toml
//   gemini       user            ~/.gemini/settings.json <root>/.gemini/settings.json
//
// <root> is the project root (config/paths.h: the git top level, else the working directory).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/config/environment.h"

namespace kosmo::gateway {

enum class ClientFormat {
  kJsonMcpServers,  // a JSON object with the servers under "mcpServers"
  kJsonServers,     // VS Code: under "servers"
  kCodexToml,       // Codex: a [mcp_servers.<name>] table
};

struct ClientTarget {
  std::string client;  // "claude-code"
  std::string scope;   // "user" or "project"
  std::filesystem::path file;
  ClientFormat format = ClientFormat::kJsonMcpServers;
  // Whether the entry carries "type": "stdio": Claude Code and VS Code write it; Cursor's and
  // Gemini CLI's documented entries have no such key (they tell stdio by "command").
  bool typed_entry = true;
  // Whether the file is kosmo's own project MCP file, which `mcp:add --project` edits under the
  // lock next to it; other clients' files are locked under $KOSMO_HOME instead (a
  // "<file>.lock" beside them would collide with the clients' own lock files: Claude Code
  // locks ~/.claude.json with a "~/.claude.json.lock" directory).
  bool kosmo_project_file = false;
};

// "project", "claude-code", "cursor", "vscode", "codex", "gemini".
const std::vector<std::string>& client_names();

// The format and entry shape of `client` (no file: they do not depend on the scope), or nullopt
// for an unknown client.
std::optional<ClientTarget> client_shape(std::string_view client);

// The target of `client` at `scope` ("" = the client's default). A client or scope that does
// not exist is a usage failure; a user scope without $HOME a config failure.
Outcome<ClientTarget> client_target(std::string_view client, std::string_view scope,
                                    const config::Environment& env,
                                    const std::filesystem::path& cwd);

}  // namespace kosmo::gateway
