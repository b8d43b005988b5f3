#pragma once
// `integrations:configure mcp.SERVER --read/--write/--permissions [--project]`: an MCP server's
// policy (key "mcp.SERVER" under integrations: in config.yaml), set from the same command as an
// integration's, so one script can configure both.
#include <string>

#include "lib/cli/command_output.h"
#include "lib/cli/configure_input.h"
#include "lib/config/configuration.h"

namespace kosmo::cli {

// `server` is the name after "mcp."; it must be configured (kosmo mcp:list).
int configure_mcp_policy(const std::string& server, const ConfigureRequest& request,
                         const config::Configuration& loaded, CommandOutput& out);

}  // namespace kosmo::cli
