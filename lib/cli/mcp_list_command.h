#pragma once
// `kosmo mcp:list [--all]`: the configured MCP servers (disabled ones only with --all), where
// each comes from and whether it is trusted; --json keys them by name, as KosmoKrator. Starts
// nothing.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpListSummary[] =
    "List configured MCP servers: source file, trust (starts nothing)";

std::function<int()> define_mcp_list(CLI::App& app);

}  // namespace kosmo::cli
