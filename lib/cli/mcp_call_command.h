#pragma once
// `kosmo mcp:call SERVER.TOOL [PAYLOAD] [--name=value ...]`: one MCP tool call from the shell,
// through the same runtime as app.mcp.<server>.<tool> in Lua (trust, policy, --force,
// redaction), reported in KosmoKrator's call result shape (call_report.h).
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace kosmo::cli {

inline constexpr const char kMcpCallSummary[] =
    "Call one MCP tool (JSON payload and/or --name=value arguments)";

std::function<int()> define_mcp_call(CLI::App& app);

// A command line CLI11 could not parse, reported under --json in the call's shape.
int mcp_call_parse_error(const std::string& message);

}  // namespace kosmo::cli
