#include "lib/lua/sandbox_functions.h"

#include <string>

#include "lib/lua/lua_guard.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/run_guard.h"
#include "lib/lua/sandbox_context.h"

namespace kosmo::lua {
namespace {

// load(chunk [, chunkname [, mode [, env]]]) with mode forced to text and env defaulting to
// the sandbox globals (the original would do the same through the registry).
int sandbox_load(lua_State* L) {
  const int given = lua_gettop(L);
  lua_settop(L, 4);
  lua_pushvalue(L, lua_upvalueindex(1));  // original load
  lua_pushvalue(L, 1);
  lua_pushvalue(L, 2);
  lua_pushliteral(L, "t");
  if (given >= 4) {
    lua_pushvalue(L, 4);
  } else {
    lua_pushglobaltable(L);
  }
  lua_call(L, 4, LUA_MULTRET);
  return lua_gettop(L) - 4;
}

int sandbox_collectgarbage(lua_State* L) {
  const char* option = luaL_optstring(L, 1, "collect");
  if (std::string(option) != "count") {
    return luaL_error(L,
                      "collectgarbage: only collectgarbage(\"count\") is allowed in the sandbox");
  }
  const int kilobytes = lua_gc(L, LUA_GCCOUNT, 0);
  const int bytes = lua_gc(L, LUA_GCCOUNTB, 0);
  lua_pushnumber(L, static_cast<lua_Number>(kilobytes) + static_cast<lua_Number>(bytes) / 1024);
  return 1;
}

// Finalizers would run at unpredictable points, including after the limits are disarmed.
int sandbox_setmetatable(lua_State* L) {
  if (lua_istable(L, 2) && lua_getfield(L, 2, "__gc") != LUA_TNIL) {
    return luaL_error(L, "setmetatable: __gc metamethods are not allowed in the sandbox");
  }
  lua_settop(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 2, 1);
  return 1;
}

int sandbox_tostring(lua_State* L) {
  luaL_checkany(L, 1);
  if (lua_type(L, 1) == LUA_TTABLE) {
    const std::string text = render_for_display(L, 1);
    lua_pushlstring(L, text.data(), text.size());
    return 1;
  }
  lua_settop(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, 1, 1);
  return 1;
}

// Restores the guard's notion of the running thread even when resume raises.
class RunningThread {
 public:
  RunningThread(RunGuard& guard, lua_State* thread)
      : guard_(guard), previous_(guard.enter(thread)) {}
  ~RunningThread() { guard_.leave(previous_); }

 private:
  RunGuard& guard_;
  lua_State* previous_;
};

int sandbox_resume(lua_State* L) {
  lua_State* co = lua_tothread(L, 1);
  luaL_argexpected(L, co != nullptr, 1, "coroutine");
  RunGuard& guard = *context_of(L).guard;
  const int base = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));  // original resume
  lua_insert(L, 1);
  {
    RunningThread running(guard, co);
    lua_call(L, base, LUA_MULTRET);
  }
  if (guard.tripped() != LimitKind::kNone) {
    const std::string message = guard.message();
    lua_pushlstring(L, message.data(), message.size());
    return lua_error(L);
  }
  return lua_gettop(L);
}

// The function coroutine.wrap returns: resumes its coroutine (upvalue 2) through the guarded
// resume (upvalue 1) and returns what it yields or returns; an error propagates unchanged (no
// position added), as the wrapper did when it was written in Lua.
int wrapped_coroutine_call(lua_State* L) {
  const int nargs = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_rotate(L, 1, 2);  // resume, co, args...
  lua_call(L, nargs + 1, LUA_MULTRET);
  if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;  // everything after `true`
  lua_settop(L, 2);
  return lua_error(L);
}

// coroutine.wrap on top of the guarded resume (upvalue 1). In C rather than Lua so that no
// chunk is compiled at every start-up (~57,000 instructions of a 1.5M `--eval 'return 1'`).
int sandbox_wrap(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_State* co = lua_newthread(L);
  lua_pushvalue(L, 1);
  lua_xmove(L, co, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, -2);  // resume, co
  lua_pushcclosure(L, guarded<wrapped_coroutine_call>, 2);
  return 1;
}

int readonly_newindex(lua_State* L) {
  return luaL_error(L, "cannot modify protected table '%s'", lua_tostring(L, lua_upvalueindex(1)));
}

// __pairs of a proxy: iterate the real table with the original `next`.
int proxy_pairs(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));  // next
  lua_pushvalue(L, lua_upvalueindex(2));  // real table
  lua_pushnil(L);
  return 3;
}

}  // namespace

void add_restricted_base_functions(lua_State* L, int globals, int base) {
  lua_getfield(L, base, "load");
  lua_pushcclosure(L, guarded<sandbox_load>, 1);
  lua_setfield(L, globals, "load");
  lua_pushcfunction(L, guarded<sandbox_collectgarbage>);
  lua_setfield(L, globals, "collectgarbage");
  lua_getfield(L, base, "setmetatable");
  lua_pushcclosure(L, guarded<sandbox_setmetatable>, 1);
  lua_setfield(L, globals, "setmetatable");
  lua_getfield(L, base, "tostring");
  lua_pushcclosure(L, guarded<sandbox_tostring>, 1);
  lua_setfield(L, globals, "tostring");
}

void add_coroutine_wrappers(lua_State* L, int coroutine, int original) {
  lua_getfield(L, original, "resume");
  lua_pushcclosure(L, guarded<sandbox_resume>, 1);
  lua_pushvalue(L, -1);
  lua_setfield(L, coroutine, "resume");
  lua_pushcclosure(L, guarded<sandbox_wrap>, 1);
  lua_setfield(L, coroutine, "wrap");
}

void push_readonly_proxy(lua_State* L, const char* name, int base) {
  const int real = lua_gettop(L);
  lua_newtable(L);  // proxy
  lua_newtable(L);  // its metatable
  lua_pushvalue(L, real);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, name);
  lua_pushcclosure(L, guarded<readonly_newindex>, 1);
  lua_setfield(L, -2, "__newindex");
  lua_getfield(L, base, "next");
  lua_pushvalue(L, real);
  lua_pushcclosure(L, guarded<proxy_pairs>, 2);
  lua_setfield(L, -2, "__pairs");
  lua_pushliteral(L, "protected");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
  lua_replace(L, real);
}

int protected_global_newindex(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING) {
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) {
      return luaL_error(L, "cannot assign to protected global '%s'", lua_tostring(L, 2));
    }
    lua_pop(L, 1);
  }
  lua_settop(L, 3);
  lua_rawset(L, 1);
  return 0;
}

}  // namespace kosmo::lua
