#pragma once
// `kosmo mcp:enable NAME` / `kosmo mcp:disable NAME`: sets "enabled" of a server entry in the
// user's $KOSMO_HOME/mcp.json (or the project's .mcp.json with --project), as KosmoKrator's
// McpEnableCommand does. A disabled server is listed but never started.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpEnableSummary[] = "Enable an MCP server";
inline constexpr const char kMcpDisableSummary[] = "Disable an MCP server (listed, never started)";

std::function<int()> define_mcp_enable(CLI::App& app);
std::function<int()> define_mcp_disable(CLI::App& app);

}  // namespace kosmo::cli
