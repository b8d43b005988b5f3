#include "lib/lua/readonly_view.h"

#include "lib/lua/lua_guard.h"

namespace kosmo::lua {
namespace {

// Its address is the registry-private key under which a view's metatable holds the real table.
const char kTargetKey = 0;

int refuse_assignment(lua_State* L) {
  return luaL_error(L, "%s is read-only", lua_tostring(L, lua_upvalueindex(1)));
}

// __len: the real table's length (a view itself is empty).
int view_length(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, lua_upvalueindex(1))));
  return 1;
}

// __pairs: iterates the real table, whose nested tables are views already.
int view_pairs(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));  // next
  lua_pushvalue(L, lua_upvalueindex(2));  // real table
  lua_pushnil(L);
  return 3;
}

// Wraps the table at `real` (absolute index) and replaces it on the stack by its view.
void wrap(lua_State* L, int real, int name, int next) {
  luaL_checkstack(L, 6, "read-only view");
  // Nested tables first: assigning to a key that exists is allowed while lua_next traverses.
  lua_pushnil(L);
  while (lua_next(L, real) != 0) {
    if (lua_type(L, -1) == LUA_TTABLE) {
      wrap(L, lua_gettop(L), name, next);
      lua_pushvalue(L, -2);  // key
      lua_insert(L, -2);
      lua_rawset(L, real);
    } else {
      lua_pop(L, 1);
    }
  }
  lua_newtable(L);  // the view
  lua_createtable(L, 0, 6);
  lua_pushvalue(L, real);
  lua_setfield(L, -2, "__index");
  lua_pushvalue(L, name);
  lua_pushcclosure(L, guarded<refuse_assignment>, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, real);
  lua_pushcclosure(L, view_length, 1);
  lua_setfield(L, -2, "__len");
  lua_pushvalue(L, next);
  lua_pushvalue(L, real);
  lua_pushcclosure(L, view_pairs, 2);
  lua_setfield(L, -2, "__pairs");
  lua_pushliteral(L, "read-only");
  lua_setfield(L, -2, "__metatable");
  lua_pushvalue(L, real);
  lua_rawsetp(L, -2, &kTargetKey);
  lua_setmetatable(L, -2);
  lua_replace(L, real);
}

}  // namespace

void push_readonly_view(lua_State* L, const char* name) {
  const int real = lua_gettop(L);
  luaL_checkstack(L, 3, "read-only view");
  lua_pushstring(L, name);
  const int name_index = lua_gettop(L);
  // The original `next`, taken from the base library's own table in the registry, so a script
  // that replaced its global `next` cannot change what pairs() on a view does.
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield(L, -1, "_G");
  lua_getfield(L, -1, "next");
  lua_replace(L, -3);
  lua_pop(L, 1);
  wrap(L, real, name_index, name_index + 1);
  lua_settop(L, real);
}

bool push_view_target(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index)) return false;
  if (lua_rawgetp(L, -1, &kTargetKey) == LUA_TTABLE) {
    lua_remove(L, -2);
    return true;
  }
  lua_pop(L, 2);
  return false;
}

}  // namespace kosmo::lua
