#pragma once
// `kosmo mcp:list`: the configured MCP servers, where each comes from and whether it is trusted.
// Starts nothing.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpListSummary[] =
    "List configured MCP servers: source file, trust (starts nothing)";

std::function<int()> define_mcp_list(CLI::App& app);

}  // namespace kosmo::cli
