#pragma once
// Building the outcomes of MCP calls: failures with the right error code, the "unknown server"
// message, and the description a dry run returns instead of calling a write tool.
#include <string>
#include <string_view>

#include "lib/lua/dispatcher.h"
#include "lib/mcp/config_loader.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/tool.h"

namespace kosmo::mcp {

lua::CallOutcome failed(lua::CallOutcome outcome, std::string message, ErrorCode code);
// With the failure's error code (error_code_of) and whether a retry could help; a JSON-RPC
// error's object ({code, message, data}) becomes app.last_error().body.
lua::CallOutcome failed(lua::CallOutcome outcome, McpFailure failure);

// "Unknown MCP server 'x'. Did you mean: y?", else the configured names, else how to add one.
std::string unknown_server_message(std::string_view name, const LoadedServers& servers);
McpFailure unknown_server(std::string_view name, const LoadedServers& servers);

// {dry_run = true, function = "server.tool", request = {method = "tools/call", server, tool,
// arguments}}: what a write would have sent.
lua::CallOutcome dry_run(lua::CallOutcome outcome, const ServerConfig& server, const Tool& tool,
                         const rapidjson::Value& arguments);

}  // namespace kosmo::mcp
