#pragma once
// `kosmo mcp:trust NAME [--revoke]`: stores (or drops) the fingerprint of a project server's
// entry in the user's config.yaml, so kosmo may start it (spec §9).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kMcpTrustSummary[] =
    "Trust a project MCP server so kosmo may start it (--revoke)";

std::function<int()> define_mcp_trust(CLI::App& app);

}  // namespace kosmo::cli
