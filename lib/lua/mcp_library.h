#pragma once
// The mcp.* helpers (spec §9): servers, tools, schema, call, resources, read_resource, prompts,
// get_prompt; and kosmo's call_result (the tool's whole CallToolResult). lib/lua knows no MCP: each
// helper is a call to the run's Dispatcher with the path
// {"$mcp", <helper>} and its arguments positional; the MCP runtime serves those paths.
#include <lua.hpp>

namespace kosmo::lua {

inline constexpr const char kMcpHelperScope[] = "$mcp";

void push_mcp_library(lua_State* L);

}  // namespace kosmo::lua
