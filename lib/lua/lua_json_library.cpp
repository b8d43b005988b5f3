// The script-facing `json` table and the display rendering used by print/dump/tostring.
#include <string>

#include "lib/lua/lua_guard.h"
#include "lib/lua/lua_json.h"

namespace kosmo::lua {
namespace {

int json_encode(lua_State* L) {
  luaL_checkany(L, 1);
  EncodeOptions options;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    // Raw access: reading options must not run script metamethods.
    lua_pushliteral(L, "pretty");
    lua_rawget(L, 2);
    options.pretty = lua_toboolean(L, -1) != 0;
    lua_pop(L, 1);
  }
  std::string text, error;
  if (!encode_to_text(L, 1, options, text, error)) {
    lua_pushlstring(L, error.data(), error.size());
    return lua_error(L);
  }
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

int json_decode(lua_State* L) {
  size_t length;
  const char* text = luaL_checklstring(L, 1, &length);
  std::string error;
  if (!push_decoded_text(L, {text, length}, error)) {
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

std::string pop_string(lua_State* L) {
  size_t length;
  const char* text = lua_tolstring(L, -1, &length);
  std::string result(text, length);
  lua_pop(L, 1);
  return result;
}

// A table with its own __tostring is shown the way the script chose.
bool render_with_tostring(lua_State* L, int index, std::string& out) {
  if (luaL_getmetafield(L, index, "__tostring") == LUA_TNIL) return false;
  lua_pushvalue(L, index);
  lua_call(L, 1, 1);
  if (lua_type(L, -1) != LUA_TSTRING) luaL_error(L, "'__tostring' must return a string");
  out = pop_string(L);
  return true;
}

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

std::string render_for_display(lua_State* L, int index) {
  index = lua_absindex(L, index);
  luaL_checkstack(L, 2, "render");
  switch (lua_type(L, index)) {
    case LUA_TNIL:
      return "nil";
    case LUA_TBOOLEAN:
      return lua_toboolean(L, index) ? "true" : "false";
    case LUA_TNUMBER:
    case LUA_TSTRING:
      // Numbers print as Lua's tostring does (integers plain, floats %.14g with ".0" kept);
      // converting a copy leaves the original value untouched.
      lua_pushvalue(L, index);
      return pop_string(L);
    case LUA_TLIGHTUSERDATA:
      if (is_json_null(L, index)) return "null";
      return "<userdata>";
    case LUA_TTABLE:
      break;
    default:
      return std::string("<") + luaL_typename(L, index) + ">";
  }
  std::string text, error;
  if (render_with_tostring(L, index, text)) return text;
  EncodeOptions options;
  options.pretty = true;
  options.lenient = true;
  encode_to_text(L, index, options, text, error);
  return text;
}

}  // namespace kosmo::lua
