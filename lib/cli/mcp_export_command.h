#pragma once
// `kosmo mcp:export [--format mcpServers|vscode] [--path FILE]`: the effective MCP servers (every
// config file merged, as kosmo loads them) in the portable mcp.json shape another client reads,
// as KosmoKrator's McpExportCommand writes it.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpExportSummary[] =
    "Export the effective MCP servers as mcpServers or VS Code servers JSON";

std::function<int()> define_mcp_export(CLI::App& app);

}  // namespace kosmo::cli
