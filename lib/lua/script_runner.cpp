#include "lib/lua/script_runner.h"

#include <chrono>

#include "lib/lua/app_bridge.h"
#include "lib/lua/lua_json.h"

namespace kosmo::lua {
namespace {

// Message handler of the protected call: keeps the traceback for -v, returns the error as is.
int capture_traceback(lua_State* L) {
  auto* traceback = static_cast<std::string*>(lua_touserdata(L, lua_upvalueindex(1)));
  if (lua_type(L, 1) == LUA_TSTRING) {
    luaL_traceback(L, L, lua_tostring(L, 1), 1);
    *traceback = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  return 1;
}

std::string describe_error_value(lua_State* L, int index, ErrorCode& code) {
  code = raised_call_error_code(L, index).value_or(ErrorCode::kLua);
  if (lua_type(L, index) == LUA_TSTRING || lua_type(L, index) == LUA_TNUMBER) {
    return lua_tostring(L, index);
  }
  // A script's own error object is not asked for its __tostring here: that would run script
  // code outside any protection or limit.
  return std::string("(error object is a ") + luaL_typename(L, index) + " value)";
}

// Converts the chunk's return values (arguments 2..n; 1 is the result document). Runs
// protected because conversion allocates. Display rules (functions and cycles as text), except
// that NaN and infinities raise an error naming the value and where it is: JSON has no such
// numbers, and "nan" in place of one would pass for data.
int convert_results(lua_State* L) {
  auto* result = static_cast<rapidjson::Document*>(lua_touserdata(L, 1));
  EncodeOptions options;
  options.lenient = true;
  options.reject_non_finite = true;
  std::string error;
  auto& allocator = result->GetAllocator();
  for (int i = 2; i <= lua_gettop(L); ++i) {
    const std::string context = "result #" + std::to_string(i - 1);
    options.context = context;
    rapidjson::Value value;
    if (!to_json_value(L, i, value, allocator, options, error)) {
      lua_pushlstring(L, error.data(), error.size());
      return lua_error(L);
    }
    result->PushBack(value, allocator);
  }
  return 0;
}

void fail(RunOutcome& outcome, std::string message, ErrorCode code) {
  outcome.success = false;
  outcome.error = std::move(message);
  outcome.error_code = code;
  outcome.result.SetArray();
}

std::string memory_limit_message(const Sandbox& sandbox) {
  return "Memory limit exceeded (" + std::to_string(sandbox.limits().memory_bytes) + " bytes)";
}

// The `count` values on top of the stack become outcome.result. A value JSON cannot hold fails
// the run (lua_error); what the chunk printed stays, and no part of the result is reported.
void collect_results(Sandbox& sandbox, int count, RunOutcome& outcome) {
  lua_State* L = sandbox.state();
  lua_pushcfunction(L, convert_results);
  lua_pushlightuserdata(L, &outcome.result);
  lua_rotate(L, -(count + 2), 2);
  const int status = lua_pcall(L, count + 1, 0, 0);
  if (status == LUA_OK) {
    outcome.success = true;
  } else if (status == LUA_ERRMEM || sandbox.guard().tripped() == LimitKind::kMemory) {
    fail(outcome, memory_limit_message(sandbox), ErrorCode::kMemoryLimit);
  } else {
    fail(outcome, lua_tostring(L, -1), ErrorCode::kLua);
  }
  if (status != LUA_OK) lua_pop(L, 1);
}

}  // namespace

ErrorCode limit_error_code(LimitKind kind) {
  switch (kind) {
    case LimitKind::kMemory:
      return ErrorCode::kMemoryLimit;
    case LimitKind::kCpu:
      return ErrorCode::kCpuLimit;
    case LimitKind::kTimeout:
      return ErrorCode::kTimeout;
    case LimitKind::kOutput:
      return ErrorCode::kOutputLimit;
    case LimitKind::kInterrupted:
      return ErrorCode::kInterrupted;
    case LimitKind::kNone:
      break;
  }
  return ErrorCode::kLua;
}

RunOutcome run_chunk(Sandbox& sandbox, std::string_view code, const std::string& chunkname) {
  RunOutcome outcome;
  lua_State* L = sandbox.state();
  RunGuard& guard = sandbox.new_guard();
  const int base = lua_gettop(L);
  const auto started = std::chrono::steady_clock::now();
  guard.start();

  lua_pushlightuserdata(L, &outcome.traceback);
  lua_pushcclosure(L, capture_traceback, 1);
  const int status_load = luaL_loadbufferx(L, code.data(), code.size(), chunkname.c_str(), "t");
  int status = status_load;
  if (status_load == LUA_OK) status = lua_pcall(L, 0, LUA_MULTRET, base + 1);
  guard.stop();
  lua_sethook(L, nullptr, 0, 0);
  outcome.execution_time_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

  if (guard.tripped() != LimitKind::kNone) {
    fail(outcome, guard.message(), limit_error_code(guard.tripped()));
    outcome.interrupt_signal = guard.interrupt_signal();
  } else if (status == LUA_ERRMEM) {
    fail(outcome, memory_limit_message(sandbox), ErrorCode::kMemoryLimit);
  } else if (status_load != LUA_OK) {
    fail(outcome, lua_tostring(L, -1), ErrorCode::kSyntax);
  } else if (status != LUA_OK) {
    ErrorCode error_code = ErrorCode::kLua;
    std::string message = describe_error_value(L, lua_gettop(L), error_code);
    fail(outcome, std::move(message), error_code);
  } else {
    collect_results(sandbox, lua_gettop(L) - base - 1, outcome);
  }
  lua_settop(L, base);
  outcome.memory_usage = sandbox.memory_used();
  return outcome;
}

}  // namespace kosmo::lua
