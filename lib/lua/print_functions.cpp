// print() and dump(): each call renders its arguments (KosmoKrator's text format, see
// display_format.cpp) joined by a tab into one line of the run's output.
#include <string>

#include "lib/lua/lua_guard.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/output_sink.h"
#include "lib/lua/run_guard.h"
#include "lib/lua/run_observer.h"
#include "lib/lua/sandbox_context.h"
#include "lib/lua/sandbox_functions.h"

namespace kosmo::lua {
namespace {

void emit_line(lua_State* L) {
  std::string line;
  const int count = lua_gettop(L);
  for (int i = 1; i <= count; ++i) {
    if (i > 1) line.push_back('\t');
    line += render_for_display(L, i);
  }
  SandboxContext& context = context_of(L);
  if (!context.output->append_line(line)) {
    // The cap is a limit like CPU: tripping the guard makes the stop uncatchable.
    context.guard->trip(LimitKind::kOutput);
    const std::string message = context.guard->message();
    lua_pushlstring(L, message.data(), message.size());
    lua_error(L);
  }
  if (context.observer != nullptr) context.observer->printed(line);
}

int print(lua_State* L) {
  emit_line(L);
  return 0;
}

// dump(value): one value, returned so it can wrap an expression. Like KosmoKrator's
// dump(val), further arguments are ignored and dump() shows "nil".
int dump(lua_State* L) {
  lua_settop(L, 1);
  emit_line(L);
  return 1;
}

}  // namespace

void push_print(lua_State* L) { lua_pushcfunction(L, guarded<print>); }

void push_dump(lua_State* L) { lua_pushcfunction(L, guarded<dump>); }

}  // namespace kosmo::lua
