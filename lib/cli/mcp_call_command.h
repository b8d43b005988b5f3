#pragma once
// `kosmo mcp:call SERVER.TOOL [JSON] [--arg k=v ...]`: one MCP tool call from the shell, through
// the same runtime as app.mcp.<server>.<tool> in Lua (trust, policy, --force, --dry-run,
// redaction), reported in the run envelope.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpCallSummary[] =
    "Call one MCP tool (JSON object or --arg key=value arguments)";

std::function<int()> define_mcp_call(CLI::App& app);

}  // namespace kosmo::cli
