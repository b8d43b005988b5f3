#pragma once
// Building the outcomes of MCP calls: failures with the right error code, refusals by policy,
// and the description a dry run returns instead of calling a write tool.
#include <optional>
#include <string>

#include "lib/config/kosmo_config.h"
#include "lib/lua/dispatcher.h"
#include "lib/mcp/config_loader.h"
#include "lib/mcp/errors.h"

namespace kosmo::mcp {

lua::CallOutcome failed(lua::CallOutcome outcome, std::string message, ErrorCode code);
// untrusted → untrusted_server (exit 4), unusable entry → config_error (5), else mcp_error (1).
lua::CallOutcome failed(lua::CallOutcome outcome, const McpError& error);

// "Unknown MCP server 'x'. Configured: a, b." (or "No MCP servers are configured.").
lua::CallOutcome unknown_server(const std::string& name, const LoadedServers& servers);

// {dry_run = true, function = "server.tool", request = {method = "tools/call", server, tool,
// arguments}}: what a write would have sent.
lua::CallOutcome dry_run(lua::CallOutcome outcome, const ServerConfig& server,
                         const rapidjson::Value& tool, const rapidjson::Value& arguments);

}  // namespace kosmo::mcp
