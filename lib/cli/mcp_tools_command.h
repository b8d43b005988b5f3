#pragma once
// `kosmo mcp:tools [SERVER]`: the tools of one server, or of every enabled server that may be
// started (user servers and trusted project servers). Starts the server(s).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpToolsSummary[] =
    "List the tools of one or all usable MCP servers (starts them)";

std::function<int()> define_mcp_tools(CLI::App& app);

}  // namespace kosmo::cli
