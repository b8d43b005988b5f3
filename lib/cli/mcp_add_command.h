#pragma once
// `kosmo mcp:add NAME (--command CMD [--arg A ...] | --url URL ...)`: writes a server entry
// into the user's $KOSMO_HOME/mcp.json (never a project file).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpAddSummary[] =
    "Add an MCP server (stdio command or HTTP url) to $KOSMO_HOME/mcp.json";

std::function<int()> define_mcp_add(CLI::App& app);

}  // namespace kosmo::cli
