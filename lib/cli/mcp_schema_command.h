#pragma once
// `kosmo mcp:schema SERVER.TOOL`: one MCP tool's input JSON Schema (KosmoKrator's
// McpSchemaCommand). Starts the server.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpSchemaSummary[] =
    "Show an MCP tool's input JSON Schema (starts its server)";

std::function<int()> define_mcp_schema(CLI::App& app);

}  // namespace kosmo::cli
