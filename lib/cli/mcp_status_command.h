#pragma once
// `kosmo mcp:status [SERVER]`: every configured server (or one) with its KosmoKrator status
// ("configured"/"disabled"), trust, policy and a live check: does it start and answer
// `initialize` in time?
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpStatusSummary[] =
    "Show MCP servers: trust, policy, does each start and answer";

std::function<int()> define_mcp_status(CLI::App& app);

}  // namespace kosmo::cli
