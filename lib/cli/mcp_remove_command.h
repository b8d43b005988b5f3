#pragma once
// `kosmo mcp:remove NAME [--global|--project]`: deletes a server entry from the user's
// $KOSMO_HOME/mcp.json or the project's .mcp.json. Entries of other files (.vscode/mcp.json,
// .cursor/mcp.json, ~/.kosmokrator/mcp.json) are reported, not edited.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpRemoveSummary[] = "Remove an MCP server from mcp.json";

std::function<int()> define_mcp_remove(CLI::App& app);

}  // namespace kosmo::cli
