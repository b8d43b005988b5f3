#include "lib/lua/docs_library.h"

#include <string>

#include "lib/lua/lua_guard.h"

namespace kosmo::lua {
namespace {

const DocRegistry& registry_of(lua_State* L) {
  return *static_cast<const DocRegistry*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// Only real strings are page names or queries: silently coercing a number would hide a
// script bug behind a "No docs found" answer.
std::string_view string_arg(lua_State* L, int arg) {
  if (lua_type(L, arg) != LUA_TSTRING) luaL_typeerror(L, arg, "string");
  size_t length = 0;
  const char* text = lua_tolstring(L, arg, &length);
  return {text, length};
}

void push_string(lua_State* L, const std::string& text) {
  lua_pushlstring(L, text.data(), text.size());
}

int docs_list(lua_State* L) {
  push_string(L, registry_of(L).list());
  return 1;
}

int docs_search(lua_State* L) {
  const std::string_view query = string_arg(L, 1);
  push_string(L, registry_of(L).search(query));
  return 1;
}

// docs.read() and docs.read(nil) give the index, like docs.read("").
int docs_read(lua_State* L) {
  const std::string_view page = lua_isnoneornil(L, 1) ? std::string_view() : string_arg(L, 1);
  push_string(L, registry_of(L).read(page));
  return 1;
}

}  // namespace

void push_docs_library(lua_State* L, const DocRegistry* registry) {
  static constexpr luaL_Reg kFunctions[] = {
      {"list", guarded<docs_list>},
      {"search", guarded<docs_search>},
      {"read", guarded<docs_read>},
      {nullptr, nullptr},
  };
  luaL_checkstack(L, 2, "docs library");
  lua_createtable(L, 0, 3);
  // Every function gets the registry as its one upvalue; Lua never owns or frees it.
  lua_pushlightuserdata(L, const_cast<DocRegistry*>(registry));
  luaL_setfuncs(L, kFunctions, 1);
}

}  // namespace kosmo::lua
