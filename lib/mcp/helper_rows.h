#pragma once
// The rows mcp.servers(), mcp.tools() and mcp.schema() return. Their fields are KosmoKrator's
// (McpRuntime::serverRow / toolRow), so a script written for it reads the same keys; kosmo's own
// additions (lua_name, project, trusted) sit beside them.
#include <rapidjson/document.h>

#include "lib/config/policy.h"
#include "lib/mcp/server_config.h"
#include "lib/mcp/tool.h"

namespace kosmo::mcp {

// {name, type, enabled, source, path, command, args, url, timeout, permissions: {read, write},
// lua_name, project, trusted}. `source` is the file's label ("global", "project", ...), `path`
// the file; command and url are null when absent. Starts nothing.
rapidjson::Value server_row(const ServerConfig& server, const config::KosmoConfig& user_config,
                            const config::PermissionPolicy& policy,
                            rapidjson::Document::AllocatorType& allocator);

// {server, name, function = "<server>.<lua_name>", lua_path = "app.mcp.<server>.<lua_name>",
// description, operation, parameters: [{name, type, required, description}], schema, lua_name}.
rapidjson::Value tool_row(const ServerConfig& server, const Tool& tool,
                          rapidjson::Document::AllocatorType& allocator);

}  // namespace kosmo::mcp
