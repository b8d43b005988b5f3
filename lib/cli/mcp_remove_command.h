#pragma once
// `kosmo mcp:remove NAME`: deletes a server entry from the user's $KOSMO_HOME/mcp.json. Entries
// of other files (project files, ~/.kosmokrator/mcp.json) are reported, not edited.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpRemoveSummary[] = "Remove an MCP server from $KOSMO_HOME/mcp.json";

std::function<int()> define_mcp_remove(CLI::App& app);

}  // namespace kosmo::cli
