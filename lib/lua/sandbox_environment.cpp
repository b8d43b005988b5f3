// The sandbox's global environment, written as data (allow-lists) and built once per state.
//
// Layout: the globals table holds the allowed standard functions and libraries. The kosmo
// bridges (app, json, regex, docs, dump, print, ...) live in a separate table reached through
// the globals' __index, and the globals' __newindex refuses to shadow them, so a script can
// neither replace nor break what the host relies on. The globals' metatable is protected
// (__metatable), and so is the string metatable, whose __index is the string library without
// `dump`.
#include <lua.hpp>

#include "lib/lua/app_bridge.h"
#include "lib/lua/docs_library.h"
#include "lib/lua/lua_guard.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/mcp_library.h"
#include "lib/lua/regex_library.h"
#include "lib/lua/sandbox.h"
#include "lib/lua/sandbox_functions.h"

namespace kosmo::lua {
namespace {

// Base functions copied unchanged from Lua's base library (spec §3).
constexpr const char* kBaseFunctions[] = {
    "assert", "error",  "getmetatable", "ipairs",   "next", "pairs",  "pcall",    "rawequal",
    "rawget", "rawlen", "select",       "tonumber", "type", "xpcall", "_VERSION",
};
// Functions of these libraries stay reachable; everything else in them is dropped.
constexpr const char* kCoroutineFunctions[] = {"create", "isyieldable", "running",
                                               "status", "yield",       "close"};
constexpr const char* kOsFunctions[] = {"time", "clock", "date", "difftime"};
// Libraries exposed whole (after the string library loses `dump`).
constexpr const char* kWholeLibraries[] = {"math", "string", "table", "utf8"};

struct LibraryOpener {
  const char* name;
  lua_CFunction open;
};
constexpr LibraryOpener kOpeners[] = {
    {"_G", luaopen_base},       {"coroutine", luaopen_coroutine}, {"table", luaopen_table},
    {"string", luaopen_string}, {"math", luaopen_math},           {"utf8", luaopen_utf8},
    {"os", luaopen_os},
};

// Copies `names` from the table at `from` into the table at `to` (absolute indices).
template <size_t N>
void copy_fields(lua_State* L, int from, int to, const char* const (&names)[N]) {
  for (const char* name : names) {
    lua_getfield(L, from, name);
    lua_setfield(L, to, name);
  }
}

// Opens the standard libraries into package.loaded without touching globals; they are left in
// the registry's _LOADED table, which scripts cannot reach.
void open_libraries(lua_State* L) {
  for (const LibraryOpener& opener : kOpeners) {
    luaL_requiref(L, opener.name, opener.open, 0);
    lua_pop(L, 1);
  }
}

void push_loaded(lua_State* L, const char* name) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
}

void protect_string_metatable(lua_State* L) {
  push_loaded(L, "string");
  lua_pushnil(L);
  lua_setfield(L, -2, "dump");
  lua_pop(L, 1);
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushliteral(L, "string");
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
}

// Fills the globals table at `globals` from the opened libraries; `base` is the original
// global table luaopen_base filled.
void add_standard_globals(lua_State* L, int globals, int base) {
  copy_fields(L, base, globals, kBaseFunctions);
  for (const char* name : kWholeLibraries) {
    push_loaded(L, name);
    lua_setfield(L, globals, name);
  }
  lua_newtable(L);
  push_loaded(L, "os");
  copy_fields(L, lua_gettop(L), lua_gettop(L) - 1, kOsFunctions);
  lua_pop(L, 1);
  lua_setfield(L, globals, "os");

  lua_newtable(L);
  const int coroutine = lua_gettop(L);
  push_loaded(L, "coroutine");
  copy_fields(L, lua_gettop(L), coroutine, kCoroutineFunctions);
  add_coroutine_wrappers(L, coroutine, lua_gettop(L));
  lua_pop(L, 1);
  lua_setfield(L, globals, "coroutine");

  add_restricted_base_functions(L, globals, base);
  lua_pushvalue(L, globals);
  lua_setfield(L, globals, "_G");
}

// What a helper may need to build its value.
struct HelperContext {
  const SandboxOptions& options;
  const SandboxServices& services;
};

// The kosmo helpers, in the manner of Lua's linit.c: every global the sandbox adds to the
// standard functions is one row here. A library table (`read_only`) is wrapped in a read-only
// proxy; a helper whose `present` says no for this run (docs.* in mcp:lua) is left out.
struct Helper {
  const char* name;
  void (*push)(lua_State* L, const HelperContext& context);
  bool read_only;
  bool (*present)(const HelperContext& context);
};

bool always(const HelperContext&) { return true; }
bool with_docs(const HelperContext& context) {
  return context.options.expose_docs && context.services.docs != nullptr;
}

// lua_read_doc(page) is docs.read(page), as in the reference.
void push_read_doc(lua_State* L, const DocRegistry* registry) {
  push_docs_library(L, registry);
  lua_getfield(L, -1, "read");
  lua_remove(L, -2);
}

constexpr Helper kHelpers[] = {
    {"print", [](lua_State* L, const HelperContext&) { push_print(L); }, false, always},
    {"dump", [](lua_State* L, const HelperContext&) { push_dump(L); }, false, always},
    {"json", [](lua_State* L, const HelperContext&) { push_json_library(L); }, true, always},
    {"regex", [](lua_State* L, const HelperContext&) { push_regex_library(L); }, true, always},
    {"docs", [](lua_State* L, const HelperContext& c) { push_docs_library(L, c.services.docs); },
     true, with_docs},
    {"lua_read_doc",
     [](lua_State* L, const HelperContext& c) { push_read_doc(L, c.services.docs); }, false,
     with_docs},
    {"mcp", [](lua_State* L, const HelperContext&) { push_mcp_library(L); }, true, always},
    {"app",
     [](lua_State* L, const HelperContext& c) { push_app(L, c.options.expose_integrations); },
     false, always},
};

// Fills the bridge table at `bridges` with the kosmo helpers.
void add_bridges(lua_State* L, int bridges, int base, const SandboxOptions& options,
                 const SandboxServices& services) {
  const HelperContext context{options, services};
  for (const Helper& helper : kHelpers) {
    if (!helper.present(context)) continue;
    helper.push(L, context);
    if (helper.read_only) push_readonly_proxy(L, helper.name, base);
    lua_setfield(L, bridges, helper.name);
  }
}

void install_global_guard(lua_State* L, int globals, int bridges) {
  lua_newtable(L);
  lua_pushvalue(L, bridges);
  lua_setfield(L, -2, "__index");
  lua_pushvalue(L, bridges);
  lua_pushcclosure(L, guarded<protected_global_newindex>, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "protected");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, globals);
}

}  // namespace

void build_environment(lua_State* L, const SandboxOptions& options,
                       const SandboxServices& services) {
  open_libraries(L);
  protect_string_metatable(L);
  lua_pushglobaltable(L);
  const int base = lua_gettop(L);
  lua_newtable(L);
  const int globals = lua_gettop(L);
  lua_newtable(L);
  const int bridges = lua_gettop(L);

  add_standard_globals(L, globals, base);
  add_bridges(L, bridges, base, options, services);
  install_global_guard(L, globals, bridges);

  // From here on every chunk loaded gets the sandbox globals as its _ENV.
  lua_pushvalue(L, globals);
  lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
  lua_pop(L, 3);
}

}  // namespace kosmo::lua
