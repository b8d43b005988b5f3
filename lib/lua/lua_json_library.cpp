// The script-facing `json` table.
#include <string>

#include "lib/lua/lua_guard.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_internal.h"

namespace kosmo::lua {
namespace {

// Pretty by default, as KosmoKrator's json.encode (PHP's JSON_PRETTY_PRINT, 4-space indent);
// {pretty = false} is kosmo's way to ask for the compact form.
int json_encode(lua_State* L) {
  luaL_checkany(L, 1);
  EncodeOptions options;
  options.pretty = true;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    // Raw access: reading options must not run script metamethods.
    lua_pushliteral(L, "pretty");
    lua_rawget(L, 2);
    options.pretty = lua_isnil(L, -1) || lua_toboolean(L, -1) != 0;
    lua_pop(L, 1);
  }
  // The text goes from the encoder's buffer into the Lua string: one copy of the output.
  json_detail::OutputBuffer text;
  std::string error;
  if (!json_detail::encode_to_buffer(L, 1, options, text, error)) {
    lua_pushlstring(L, error.data(), error.size());
    return lua_error(L);
  }
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

int json_decode(lua_State* L) {
  // KosmoKrator's message and rule: only a real string is JSON text (a number is not).
  if (lua_type(L, 1) != LUA_TSTRING) {
    return luaL_error(L, "json.decode: expected string, got %s", luaL_typename(L, 1));
  }
  std::string error;
  if (!push_decoded_string(L, 1, error)) {
    lua_pushlstring(L, error.data(), error.size());
    return lua_error(L);
  }
  return 1;
}

// json.object(t?) / json.array(t?): marks t (or a new table). A metatable t already had is
// replaced: the marker is what decides how the table encodes.
int mark(lua_State* L, JsonKind kind) {
  if (lua_isnoneornil(L, 1)) {
    lua_settop(L, 0);
    lua_newtable(L);
  } else {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
  }
  mark_json_kind(L, 1, kind);
  return 1;
}

int json_object(lua_State* L) { return mark(L, JsonKind::kObject); }
int json_array(lua_State* L) { return mark(L, JsonKind::kArray); }

}  // namespace

void push_json_library(lua_State* L) {
  static const luaL_Reg functions[] = {
      {"encode", guarded<json_encode>},
      {"decode", guarded<json_decode>},
      {"object", guarded<json_object>},
      {"array", guarded<json_array>},
      {nullptr, nullptr},
  };
  luaL_newlib(L, functions);
  push_json_null(L);
  lua_setfield(L, -2, "null");
}

}  // namespace kosmo::lua
