#pragma once
// `kosmo mcp:gateway:export [--client C] [gateway flags]`: prints the server entry that starts
// `kosmo mcp:serve`, in the client's format (JSON, or a TOML table for Codex), to paste by hand.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpGatewayExportSummary[] =
    "Print the MCP server entry that starts kosmo mcp:serve (JSON, TOML for Codex)";

std::function<int()> define_mcp_gateway_export(CLI::App& app);

}  // namespace kosmo::cli
