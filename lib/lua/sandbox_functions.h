#pragma once
// Replacements for standard functions that the sandbox restricts, the coroutine wrappers that
// keep the limits guard informed, and the guards on protected names. Indices are absolute.
#include <lua.hpp>

namespace kosmo::lua {

// load (text chunks only, sandbox env by default), collectgarbage ("count" only),
// setmetatable (refuses __gc), tostring (tables rendered like dump) into `globals`.
void add_restricted_base_functions(lua_State* L, int globals, int base);

// coroutine.resume and coroutine.wrap that tell the RunGuard which Lua thread runs, so a CPU
// stop reaches code inside coroutines. `original` is Lua's coroutine library.
void add_coroutine_wrappers(lua_State* L, int coroutine, int original);

// Push print and dump (KosmoKrator's formats, into the run's output sink).
void push_print(lua_State* L);
void push_dump(lua_State* L);

// Replaces the table on top of the stack by a read-only proxy of it named `name`: reads and
// pairs() see the table, assignments raise "cannot modify protected table '<name>'".
void push_readonly_proxy(lua_State* L, const char* name, int base);

// __newindex of the globals: upvalue 1 is the bridge table; refuses names it holds.
int protected_global_newindex(lua_State* L);

}  // namespace kosmo::lua
