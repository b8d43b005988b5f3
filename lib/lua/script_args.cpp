#include "lib/lua/script_args.h"

#include "lib/lua/lua_json.h"
#include "lib/lua/readonly_view.h"

namespace kosmo::lua {
namespace {

constexpr const char kGlobalName[] = "args";

// Builds the table and sets the global; runs under lua_pcall because it allocates.
int build_args(lua_State* L) {
  const auto* layers = static_cast<const rapidjson::Value*>(lua_touserdata(L, 1));
  lua_newtable(L);
  const int args = lua_gettop(L);
  mark_json_kind(L, args, JsonKind::kObject);  // json.encode(args) is {} when empty, not []
  for (const rapidjson::Value& layer : layers->GetArray()) {
    for (const auto& member : layer.GetObject()) {
      lua_pushlstring(L, member.name.GetString(), member.name.GetStringLength());
      if (member.value.IsNull()) {
        lua_pushnil(L);
      } else {
        push_json_value(L, member.value);
      }
      lua_rawset(L, args);
    }
  }
  push_readonly_view(L, kGlobalName);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_pushvalue(L, args);
  lua_setfield(L, -2, kGlobalName);  // not a helper name: the globals' guard lets it through
  return 0;
}

}  // namespace

std::optional<ScriptArgsFailure> install_script_args(Sandbox& sandbox,
                                                     const rapidjson::Value& layers) {
  lua_State* L = sandbox.state();
  const int top = lua_gettop(L);
  lua_pushcfunction(L, build_args);
  lua_pushlightuserdata(L, const_cast<rapidjson::Value*>(&layers));
  const int status = lua_pcall(L, 1, 0, 0);
  std::optional<ScriptArgsFailure> failure;
  if (status == LUA_ERRMEM || sandbox.guard().tripped() == LimitKind::kMemory) {
    failure = ScriptArgsFailure{ErrorCode::kMemoryLimit,
                                "Memory limit exceeded (" +
                                    std::to_string(sandbox.limits().memory_bytes) +
                                    " bytes) while setting up args; raise --memory-limit"};
  } else if (status != LUA_OK) {
    failure = ScriptArgsFailure{ErrorCode::kUsage,
                                std::string("Cannot set up args: ") + lua_tostring(L, -1)};
  }
  lua_settop(L, top);
  return failure;
}

}  // namespace kosmo::lua
