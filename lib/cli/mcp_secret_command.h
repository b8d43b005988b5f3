#pragma once
// `kosmo mcp:secret:set SERVER KEY [VALUE|--stdin|--env VAR]`, `mcp:secret:unset SERVER KEY`,
// `mcp:secret:list [SERVER]`: KosmoKrator's McpSecretCommand. Secrets are stored sealed in the
// user's config.yaml (mcp.secrets) and used where an mcp.json env or header value says
// "@secret:mcp.SERVER.KEY" or "${KOSMO_SECRET:mcp.SERVER.KEY}" (mcp/secret_references.h).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpSecretSetSummary[] = "Store a secret for an MCP server entry";
inline constexpr const char kMcpSecretUnsetSummary[] = "Remove a stored MCP secret";
inline constexpr const char kMcpSecretListSummary[] =
    "List stored MCP secrets (never their values)";

std::function<int()> define_mcp_secret_set(CLI::App& app);
std::function<int()> define_mcp_secret_unset(CLI::App& app);
std::function<int()> define_mcp_secret_list(CLI::App& app);

}  // namespace kosmo::cli
