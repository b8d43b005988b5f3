#include "lib/lua/app_bridge.h"

#include <optional>
#include <string>

#include "lib/lua/app_paginate.h"
#include "lib/lua/dispatcher.h"
#include "lib/lua/logged_call.h"
#include "lib/lua/lua_guard.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/run_guard.h"
#include "lib/lua/sandbox_context.h"

namespace kosmo::lua {
namespace {

constexpr const char kNodeMeta[] = "kosmo.app.node";
constexpr const char kRootMeta[] = "kosmo.app.root";
// Registry keys of the most recent failed call: its fields (app.last_error()) and the string it
// raised (so the run can still report the call's error_code when that string goes uncaught).
constexpr const char kLastFailureKey[] = "kosmo.app.last_failure";
constexpr const char kLastRaisedKey[] = "kosmo.app.last_raised";

// A node's user values: 1, the array of its path segments; 2, once it has been indexed, a
// weak-valued table of the child nodes made so far (node_index). The root's one user value is
// its table of children.
constexpr int kSegmentsValue = 1;
constexpr int kChildrenValue = 2;
constexpr int kRootChildrenValue = 1;

void push_node(lua_State* L, int parent_segments, const char* key) {
  luaL_checkstack(L, 4, nullptr);
  lua_newuserdatauv(L, 0, 2);
  luaL_setmetatable(L, kNodeMeta);
  const lua_Integer count = parent_segments ? luaL_len(L, parent_segments) : 0;
  lua_createtable(L, static_cast<int>(count + 1), 0);
  for (lua_Integer i = 1; i <= count; ++i) {
    lua_rawgeti(L, parent_segments, i);
    lua_rawseti(L, -2, i);
  }
  lua_pushstring(L, key);
  lua_rawseti(L, -2, count + 1);
  lua_setiuservalue(L, -2, kSegmentsValue);
}

std::vector<std::string> segments_of(lua_State* L, int node) {
  lua_getiuservalue(L, node, kSegmentsValue);
  std::vector<std::string> segments;
  const lua_Integer count = luaL_len(L, -1);
  segments.reserve(static_cast<size_t>(count));
  for (lua_Integer i = 1; i <= count; ++i) {
    lua_rawgeti(L, -1, i);
    segments.emplace_back(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return segments;
}

// A loop of `app.integrations.sinch.get_group(...)` indexes the same nodes on every call: the
// child made the first time is kept in its parent's table of children, so later lookups cost a
// table read instead of a new userdata and segment table. The table's values are weak: a child
// nobody holds is collected, so indexing with ever new names cannot grow it without bound.
//
// Pushes the child named by the string at index 2 of the node or root at index 1, whose
// children table is its user value `slot`; `make` pushes a new child when there is none.
template <typename MakeChild>
void push_child(lua_State* L, int slot, MakeChild make) {
  luaL_checkstack(L, 5, nullptr);
  if (lua_getiuservalue(L, 1, slot) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_createtable(L, 0, 4);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, slot);
  }
  const int children = lua_gettop(L);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, children) != LUA_TNIL) return;
  lua_pop(L, 1);
  make();
  lua_pushvalue(L, 2);
  lua_pushvalue(L, -2);
  lua_rawset(L, children);
}

int node_index(lua_State* L) {
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  push_child(L, kChildrenValue, [L] {
    lua_getiuservalue(L, 1, kSegmentsValue);
    push_node(L, lua_gettop(L), lua_tostring(L, 2));
  });
  return 1;
}

// app.last_error(): a copy of the most recent failed call's fields, or nil when none failed.
// A copy, so a script changing it cannot change the code the run reports.
int last_error(lua_State* L) {
  luaL_checkstack(L, 4, nullptr);
  if (lua_getfield(L, LUA_REGISTRYINDEX, kLastFailureKey) != LUA_TTABLE) {
    lua_pushnil(L);
    return 1;
  }
  const int source = lua_gettop(L);
  lua_createtable(L, 0, 5);
  lua_pushnil(L);
  while (lua_next(L, source) != 0) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
  return 1;
}

int root_index(lua_State* L) {
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const std::string key = lua_tostring(L, 2);
  if (key == "last_error") {
    lua_pushcfunction(L, guarded<last_error>);
    return 1;
  }
  if (key == "paginate") {
    lua_pushcfunction(L, guarded<app_paginate>);
    return 1;
  }
  const bool integrations = lua_toboolean(L, lua_upvalueindex(1));
  if (key != "mcp" && !(key == "integrations" && integrations)) return 0;
  push_child(L, kRootChildrenValue, [L, &key] { push_node(L, 0, key.c_str()); });
  return 1;
}

int refuse_assignment(lua_State* L) { return luaL_error(L, "app is read-only"); }

int node_tostring(lua_State* L) {
  std::string text = "app";
  for (const std::string& segment : segments_of(L, 1)) text += "." + segment;
  lua_pushlstring(L, text.data(), text.size());
  return 1;
}

void convert_arguments(lua_State* L, int first, int last, CallRequest& request) {
  EncodeOptions options;
  options.context = "";  // the messages below say where the value came from
  std::string error;
  const bool single_table = last == first && lua_type(L, first) == LUA_TTABLE;
  if (single_table) {
    rapidjson::Value value;
    if (!to_json_value(L, first, value, request.named.GetAllocator(), options, error)) {
      throw std::runtime_error("app: bad arguments: " + error);
    }
    if (value.IsObject() || (value.IsArray() && value.Empty())) {
      request.has_named = true;
      if (value.IsObject()) static_cast<rapidjson::Value&>(request.named).Swap(value);
      return;
    }
  }
  for (int i = first; i <= last; ++i) {
    rapidjson::Value value;
    if (!to_json_value(L, i, value, request.positional.GetAllocator(), options, error)) {
      throw std::runtime_error("app: bad argument #" + std::to_string(i - first + 1) + ": " +
                               error);
    }
    request.positional.PushBack(value, request.positional.GetAllocator());
  }
}

void push_failure_table(lua_State* L, const CallOutcome& outcome) {
  lua_createtable(L, 0, 6);
  lua_pushlstring(L, outcome.error_message.data(), outcome.error_message.size());
  lua_setfield(L, -2, "message");
  const std::string_view code = error_code_name(outcome.error_code);
  lua_pushlstring(L, code.data(), code.size());
  lua_setfield(L, -2, "code");
  if (outcome.http_status) {
    lua_pushinteger(L, *outcome.http_status);
    lua_setfield(L, -2, "status");
  }
  lua_pushlstring(L, outcome.function.data(), outcome.function.size());
  lua_setfield(L, -2, "function");
  lua_pushboolean(L, outcome.retryable);
  lua_setfield(L, -2, "retryable");
  if (!outcome.error_body.IsNull()) {
    push_json_value(L, outcome.error_body);
    lua_setfield(L, -2, "body");
  }
}

// KosmoKrator's bridge raises a failure as a plain string, which scripts search with
// string.find or e:match; so does kosmo. The structured fields are kept beside it in the
// registry rather than in the error value. KosmoKrator's error(message, 2) also puts the
// caller's position in front; kosmo raises the bare message, the envelope's `error` as before.
int raise_failure(lua_State* L, const CallOutcome& outcome) {
  luaL_checkstack(L, 4, nullptr);
  push_failure_table(L, outcome);
  lua_setfield(L, LUA_REGISTRYINDEX, kLastFailureKey);
  lua_pushlstring(L, outcome.error_message.data(), outcome.error_message.size());
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, kLastRaisedKey);
  return lua_error(L);
}

int node_call(lua_State* L) { return call_dispatcher(L, segments_of(L, 1), 2); }

void register_metatables(lua_State* L) {
  if (luaL_newmetatable(L, kNodeMeta)) {
    const luaL_Reg methods[] = {{"__index", guarded<node_index>},
                                {"__newindex", guarded<refuse_assignment>},
                                {"__call", guarded<node_call>},
                                {"__tostring", guarded<node_tostring>},
                                {nullptr, nullptr}};
    luaL_setfuncs(L, methods, 0);
    lua_pushliteral(L, "protected");
    lua_setfield(L, -2, "__metatable");
  }
  lua_pop(L, 1);
}

}  // namespace

CallOutcome call_and_log(lua_State* L, const CallRequest& request) {
  SandboxContext& context = context_of(L);
  if (context.guard != nullptr && context.guard->trip_if_cancelled()) {
    // A stopped run sends nothing more (a loop of calls, or app.paginate walking pages in C,
    // would otherwise go on until the hook's next instruction).
    const std::string message = context.guard->message();
    lua_pushlstring(L, message.data(), message.size());
    lua_error(L);
  }
  CallOutcome outcome =
      dispatch_logged(context.dispatcher, request, context.calls, context.observer);
  if (context.guard != nullptr) context.guard->trip_if_out_of_time();
  if (!outcome.ok) raise_failure(L, outcome);
  return outcome;
}

int call_dispatcher(lua_State* L, std::vector<std::string> path, int first_argument) {
  CallRequest request;
  request.path = std::move(path);
  convert_arguments(L, first_argument, lua_gettop(L), request);
  const CallOutcome outcome = call_and_log(L, request);
  push_json_value(L, outcome.data);
  return 1;
}

std::optional<std::vector<std::string>> app_function_path(lua_State* L, int index) {
  if (luaL_testudata(L, index, kNodeMeta) == nullptr) return std::nullopt;
  return segments_of(L, lua_absindex(L, index));
}

void raise_walk_failure(lua_State* L, const Failure& failure, const std::string& function) {
  CallOutcome outcome;
  outcome.function = function;
  outcome.error_message = failure.message;
  outcome.error_code = failure.code;
  raise_failure(L, outcome);
}

CallRequest::CallRequest(const CallRequest& other) : path(other.path), has_named(other.has_named) {
  named.CopyFrom(other.named, *pool_.get());
  positional.CopyFrom(other.positional, *pool_.get());
}

std::string CallRequest::joined_path() const {
  std::string joined;
  join_path(joined);
  return joined;
}

void CallRequest::join_path(std::string& out) const {
  size_t size = path.size();
  for (const std::string& segment : path) size += segment.size();
  out.clear();
  out.reserve(size);
  for (const std::string& segment : path) {
    if (!out.empty()) out.push_back('.');
    out += segment;
  }
}

void push_app(lua_State* L, bool expose_integrations) {
  register_metatables(L);
  lua_newuserdatauv(L, 0, 1);
  luaL_newmetatable(L, kRootMeta);
  lua_pushboolean(L, expose_integrations);
  lua_pushcclosure(L, guarded<root_index>, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, guarded<refuse_assignment>);
  lua_setfield(L, -2, "__newindex");
  lua_pushliteral(L, "protected");
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, -2);
}

std::optional<ErrorCode> raised_call_error_code(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TSTRING) return std::nullopt;
  luaL_checkstack(L, 3, nullptr);
  const int top = lua_gettop(L);
  size_t length = 0;
  const char* text = lua_tolstring(L, index, &length);
  std::optional<ErrorCode> code;
  size_t raised_length = 0;
  const char* raised = lua_getfield(L, LUA_REGISTRYINDEX, kLastRaisedKey) == LUA_TSTRING
                           ? lua_tolstring(L, -1, &raised_length)
                           : nullptr;
  // error(e) re-raises with one more position in front: still the same failure.
  const bool same = raised != nullptr && raised_length <= length &&
                    std::string_view(text + length - raised_length, raised_length) ==
                        std::string_view(raised, raised_length);
  if (same && lua_getfield(L, LUA_REGISTRYINDEX, kLastFailureKey) == LUA_TTABLE &&
      lua_getfield(L, -1, "code") == LUA_TSTRING) {
    code = parse_error_code(lua_tostring(L, -1));
  }
  lua_settop(L, top);
  return code;
}

}  // namespace kosmo::lua
