#pragma once
// `kosmo mcp:preset [list]` / `kosmo mcp:preset add PRESET [--name N]`: KosmoKrator's known MCP
// servers (tavily, firecrawl, exa, fetch, parallel), listed or written into mcp.json like
// mcp:add, with their API keys as "${VAR}" references.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpPresetSummary[] = "List or install a known MCP server preset";

std::function<int()> define_mcp_preset(CLI::App& app);

}  // namespace kosmo::cli
