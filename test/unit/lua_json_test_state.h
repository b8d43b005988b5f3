#pragma once
// The Lua state the json.* unit tests run in: the standard libraries and `json`, with
// json.encode compact when a test passes no options. The tests are about conversion rules,
// written against compact text; json.encode is pretty by default (as KosmoKrator's), and that
// default stays reachable as json.encode_default for the tests of the default itself.
#include <lua.hpp>

#include "lib/lua/lua_json.h"

namespace kosmo::lua {

inline lua_State* new_json_test_state() {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  install_json_support(L);
  push_json_library(L);
  lua_setglobal(L, "json");
  luaL_dostring(L, R"(
    json.encode_default = json.encode
    local encode = json.encode
    json.encode = function(...)
      if select("#", ...) == 1 then return encode(..., {pretty = false}) end
      return encode(...)
    end)");
  return L;
}

}  // namespace kosmo::lua
