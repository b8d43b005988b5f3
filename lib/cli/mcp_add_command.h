#pragma once
// `kosmo mcp:add NAME [COMMAND|URL] [ARGS...]` (or --command CMD --arg A / --url URL): writes a
// server entry into the user's $KOSMO_HOME/mcp.json, or the project's .mcp.json with --project,
// and its --read/--write policy into the matching config.yaml.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpAddSummary[] =
    "Add an MCP server (stdio command or HTTP url) to mcp.json";

std::function<int()> define_mcp_add(CLI::App& app);

}  // namespace kosmo::cli
