#pragma once
// Runaway recursion as Lua's ordinary, catchable "stack overflow" error rather than the memory
// limit (limits.h, kStackOverflowDepth, says why and when). Without a per-call hook there is no
// cheap moment to count calls; the allocator's limit is that moment: the recursion has filled
// the heap, and the depth is measured once.
#include <lua.hpp>

namespace kosmo::lua {

// True when `thread` is at least kStackOverflowDepth calls deep; its next instruction (or call,
// or return) then raises "<where>: stack overflow", a plain Lua error that pcall catches. Safe
// inside the allocator: it allocates nothing.
bool raise_stack_overflow_if_deep(lua_State* thread);

}  // namespace kosmo::lua
