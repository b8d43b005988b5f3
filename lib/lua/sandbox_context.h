#pragma once
// Per-run state that C functions registered in the sandbox need to reach quickly. A pointer to
// it lives in the main thread's LUA_EXTRASPACE, which Lua copies into every coroutine it
// creates, so any lua_State of the run finds it without a registry lookup.
#include <cstring>
#include <lua.hpp>

namespace kosmo::lua {

class RunGuard;
class OutputSink;
class CallLog;
class Dispatcher;
class DocRegistry;
class RunObserver;

struct SandboxContext {
  RunGuard* guard = nullptr;
  OutputSink* output = nullptr;
  CallLog* calls = nullptr;
  Dispatcher* dispatcher = nullptr;  // may be null: app.* calls then fail as unknown
  RunObserver* observer = nullptr;    // may be null: nobody watches the run live
};

inline void set_context(lua_State* L, SandboxContext* context) {
  std::memcpy(lua_getextraspace(L), &context, sizeof context);
}

inline SandboxContext& context_of(lua_State* L) {
  SandboxContext* context = nullptr;
  std::memcpy(&context, lua_getextraspace(L), sizeof context);
  return *context;
}

}  // namespace kosmo::lua
