#pragma once
// `kosmo integrations:configure NAME`: sets credentials, enablement and the read/write policy
// of one integration (or the policy of MCP server mcp.SERVER) in $KOSMO_HOME/config.yaml, the
// policy in the project's .kosmo/config.yaml with --project (written atomically, mode 0600).
#include <CLI/CLI.hpp>
#include <functional>

namespace kosmo::cli {

inline constexpr const char kIntegrationsConfigureSummary[] =
    "Set an integration's credentials, enablement and policy";

// Registers the command's options on `app` and returns what runs it after parsing.
std::function<int()> define_integrations_configure(CLI::App& app);

}  // namespace kosmo::cli
