#pragma once
// Deep read-only views of data a script is handed but must not change (the `args` table).
//
// Lua cannot forbid assigning to a key a table already has, so a view is an empty proxy whose
// metatable forwards reads, #, pairs() and ipairs() to the real table and refuses every
// assignment; every table inside is replaced by its own view, so `args.a.b = 1` fails too.
// Conversions that read tables raw (json.encode, print/dump, the envelope's result, arguments
// of app.* calls) see through a view with push_view_target, so a view encodes and prints as
// the data it shows. The real table is reachable only through a registry-private key, which
// scripts cannot name, and the metatable is protected (__metatable).
#include <lua.hpp>

namespace kosmo::lua {

// Replaces the table on top of the stack by a deep read-only view of it. `name` appears in the
// error an assignment raises ("args is read-only"). Nesting is bounded by the caller (values
// decoded from JSON are at most 512 levels deep).
void push_readonly_view(lua_State* L, const char* name);

// If the value at `index` is a read-only view, pushes the table it shows and returns true;
// otherwise pushes nothing and returns false. Needs 2 free stack slots.
bool push_view_target(lua_State* L, int index);

}  // namespace kosmo::lua
