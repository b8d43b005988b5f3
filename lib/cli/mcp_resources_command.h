#pragma once
// `kosmo mcp:resources SERVER` lists a server's resources; `kosmo mcp:resource SERVER URI`
// reads one. Both start the server, after the trust and read-policy checks of mcp:lua.
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpResourcesSummary[] = "List an MCP server's resources";
inline constexpr const char kMcpResourceSummary[] = "Read one MCP resource by its URI";

std::function<int()> define_mcp_resources(CLI::App& app);
std::function<int()> define_mcp_resource(CLI::App& app);

}  // namespace kosmo::cli
