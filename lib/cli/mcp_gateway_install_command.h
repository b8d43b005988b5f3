#pragma once
// `kosmo mcp:gateway:install [--client C] [--scope S] [gateway flags]`: writes the server entry
// that starts `kosmo mcp:serve` into a coding client's MCP configuration (gateway/
// client_targets.h), idempotently, keeping everything else in the file.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpGatewayInstallSummary[] =
    "Connect a coding agent (Claude Code, Cursor, VS Code, Codex, Gemini) to kosmo mcp:serve";

std::function<int()> define_mcp_gateway_install(CLI::App& app);

}  // namespace kosmo::cli
