#include "lib/lua/mcp_library.h"

#include "lib/lua/app_bridge.h"
#include "lib/lua/lua_guard.h"

namespace kosmo::lua {
namespace {

constexpr const char* kHelpers[] = {"servers",       "tools",       "schema",
                                    "call",          "call_result", "resources",
                                    "read_resource", "prompts",     "get_prompt"};

int helper(lua_State* L) {
  return call_dispatcher(L, {kMcpHelperScope, lua_tostring(L, lua_upvalueindex(1))}, 1);
}

}  // namespace

void push_mcp_library(lua_State* L) {
  lua_createtable(L, 0, static_cast<int>(std::size(kHelpers)));
  for (const char* name : kHelpers) {
    lua_pushstring(L, name);
    lua_pushcclosure(L, guarded<helper>, 1);
    lua_setfield(L, -2, name);
  }
}

}  // namespace kosmo::lua
