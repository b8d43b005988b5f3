#include "lib/lua/stack_overflow.h"

#include "lib/lua/limits.h"
#include "lib/lua/run_guard.h"
#include "lib/lua/sandbox_context.h"

namespace kosmo::lua {
namespace {

bool is_deep(lua_State* thread) {
  lua_Debug frame;
  return lua_getstack(thread, kStackOverflowDepth, &frame) != 0;
}

// Raises the error in Lua code only: armed while a C function runs (a message handler building
// a traceback for an error already on its way), it waits for the next Lua instruction, and by
// then that error may have unwound the recursion: a shallow thread gets no error. One error per
// overflow: the hook removes itself, unless a tripped guard has taken the hook over (its hook
// keeps raising until the run ends).
void overflow_hook(lua_State* L, lua_Debug*) {
  lua_Debug running;
  if (lua_getstack(L, 0, &running) == 0 || lua_getinfo(L, "S", &running) == 0 ||
      running.what[0] == 'C') {
    return;
  }
  if (context_of(L).guard->tripped() == LimitKind::kNone) lua_sethook(L, nullptr, 0, 0);
  if (!is_deep(L)) return;
  luaL_where(L, 0);  // inside a hook, level 0 is the function that was running
  lua_pushliteral(L, "stack overflow");
  lua_concat(L, 2);
  lua_error(L);
}

}  // namespace

bool raise_stack_overflow_if_deep(lua_State* thread) {
  if (!is_deep(thread)) return false;
  lua_sethook(thread, overflow_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE | LUA_MASKCOUNT, 1);
  return true;
}

}  // namespace kosmo::lua
