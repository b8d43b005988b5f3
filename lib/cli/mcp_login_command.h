#pragma once
// `kosmo mcp:login NAME` and `kosmo mcp:logout NAME`: authorize kosmo once with an
// OAuth-protected Streamable HTTP MCP server (lib/oauth/authorizer.h), keeping the tokens sealed
// in $KOSMO_HOME/mcp-oauth.json so later runs, headless ones included, refresh them silently;
// and forget them. kosmo's additions (KosmoKrator has no MCP OAuth).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpLoginSummary[] =
    "Authorize kosmo with an OAuth-protected HTTP MCP server (browser, once)";
inline constexpr const char kMcpLogoutSummary[] =
    "Forget the OAuth tokens kosmo keeps for an HTTP MCP server";

std::function<int()> define_mcp_login(CLI::App& app);
std::function<int()> define_mcp_logout(CLI::App& app);

}  // namespace kosmo::cli
