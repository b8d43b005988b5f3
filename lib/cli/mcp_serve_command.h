#pragma once
// `kosmo mcp:serve`: kosmo as an MCP server (a gateway) for coding agents. Over stdio by default
// (the client starts `kosmo mcp:serve` and speaks JSON-RPC lines), or Streamable HTTP with
// --http HOST:PORT. It exposes the selected integrations' functions and proxied MCP servers'
// tools, resources and prompts (lib/gateway), under the same policy as integrations:call.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpServeSummary[] =
    "Run kosmo as an MCP server: integrations and MCP servers as tools for coding agents";

std::function<int()> define_mcp_serve(CLI::App& app);

}  // namespace kosmo::cli
