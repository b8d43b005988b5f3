#pragma once
// `kosmo mcp:import FILE [--global|--project]`: copies every server of another client's MCP file
// (`mcpServers`, as .mcp.json and Claude write it, or VS Code's `servers`) into the user's
// $KOSMO_HOME/mcp.json or the project's .mcp.json, as KosmoKrator's McpImportCommand does.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpImportSummary[] =
    "Import MCP servers from .mcp.json, VS Code mcp.json, or mcpServers JSON";

std::function<int()> define_mcp_import(CLI::App& app);

}  // namespace kosmo::cli
