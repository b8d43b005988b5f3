#pragma once
// Where kosmo's files live: the user's KOSMO_HOME and the project a command runs in.
#include <filesystem>
#include <vector>

#include "lib/config/environment.h"

namespace kosmo::config {

// $KOSMO_HOME when set and non-empty, else $HOME/.kosmo, else <passwd home>/.kosmo. Throws
// ConfigError when none of these is known (no file can be read or written then).
std::filesystem::path kosmo_home(const Environment& env = process_environment());

// <kosmo_home>/config.yaml: integrations, permissions, MCP trust.
std::filesystem::path config_file(const Environment& env = process_environment());

// <kosmo_home>/mcp.json: the user's MCP servers.
std::filesystem::path user_mcp_file(const Environment& env = process_environment());

// The git top level containing `cwd` (the nearest ancestor with a `.git` directory or file, so
// worktrees and submodules count), else `cwd` itself. Made absolute; no subprocess is started.
std::filesystem::path project_root(const std::filesystem::path& cwd);

// <project_root>/.kosmo/config.yaml, where a project may narrow (never widen) permissions.
std::filesystem::path project_config_file(const std::filesystem::path& project_root);

// The project's MCP files in precedence order (later wins per server): .vscode/mcp.json,
// .cursor/mcp.json, .mcp.json. Listed whether or not they exist.
std::vector<std::filesystem::path> project_mcp_files(const std::filesystem::path& project_root);

}  // namespace kosmo::config
