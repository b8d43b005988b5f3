#include "lib/lua/app_paginate.h"

#include <new>
#include <string>
#include <utility>

#include "lib/lua/app_bridge.h"
#include "lib/lua/lua_guard.h"
#include "lib/lua/lua_json.h"
#include "lib/lua/pager.h"
#include "lib/lua/sandbox_context.h"

namespace kosmo::lua {
namespace {

constexpr const char kPagesMeta[] = "kosmo.app.pages";
constexpr const char kUsage[] =
    "app.paginate(fn, args [, {max_pages = N, max_items = N}]): ";

// The walk behind one iterator: the pages' position and the page being handed out.
struct Walk {
  Pager pager;
  rapidjson::Document items{rapidjson::kArrayType};
  rapidjson::SizeType next_item = 0;
  int64_t page = 0;      // the page `items` came from, 1 for the first
  std::string function;  // the slug, once a page was called (for app.last_error())

  explicit Walk(Pager walk) : pager(std::move(walk)) {}
};

int collect_walk(lua_State* L) {
  static_cast<Walk*>(luaL_checkudata(L, 1, kPagesMeta))->~Walk();
  return 0;
}

// The iterator: the next item and its page number, calling the next page when the current one
// is used up; nothing when the walk is over.
int next_item(lua_State* L) {
  Walk& walk = *static_cast<Walk*>(luaL_checkudata(L, lua_upvalueindex(1), kPagesMeta));
  while (walk.next_item >= walk.items.Size()) {
    if (walk.pager.finished()) return 0;
    const CallOutcome page = call_and_log(L, walk.pager.next_request());
    walk.function = page.function;
    Outcome<rapidjson::Document> items = walk.pager.take(page.data, page.next_link);
    if (!items) raise_walk_failure(L, items.error(), walk.function);
    walk.items = std::move(*items);
    walk.next_item = 0;
    walk.page = walk.pager.pages_read();
  }
  luaL_checkstack(L, 2, nullptr);
  push_json_value(L, walk.items[walk.next_item++]);
  lua_pushinteger(L, walk.page);
  return 2;
}

void read_arguments(lua_State* L, CallRequest& request) {
  if (lua_isnoneornil(L, 2)) return;
  if (!lua_istable(L, 2)) luaL_error(L, "%sargs must be a table of named arguments", kUsage);
  EncodeOptions options;
  options.context = "";
  rapidjson::Value value;
  std::string error;
  if (!to_json_value(L, 2, value, request.named.GetAllocator(), options, error)) {
    luaL_error(L, "%sbad args: %s", kUsage, error.c_str());
  }
  if (value.IsArray() && value.Empty()) return;
  if (!value.IsObject()) luaL_error(L, "%sargs must be a table of named arguments", kUsage);
  static_cast<rapidjson::Value&>(request.named).Swap(value);
}

PageLimits read_limits(lua_State* L) {
  PageLimits limits;
  if (lua_isnoneornil(L, 3)) return limits;
  if (!lua_istable(L, 3)) luaL_error(L, "%sthe options must be a table", kUsage);
  lua_pushnil(L);
  while (lua_next(L, 3) != 0) {
    const char* key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    const std::string name = key;
    if (name != "max_pages" && name != "max_items") {
      luaL_error(L, "%sunknown option '%s' (allowed: max_pages, max_items)", kUsage, key);
    }
    const double value = lua_type(L, -1) == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
    if (auto problem = page_limit_problem(key, value)) {
      luaL_error(L, "%s%s", kUsage, problem->c_str());
    }
    (name == "max_pages" ? limits.max_pages : limits.max_items) = static_cast<int64_t>(value);
    lua_pop(L, 1);
  }
  return limits;
}

}  // namespace

int app_paginate(lua_State* L) {
  if (lua_gettop(L) > 3) luaL_error(L, "%stoo many arguments", kUsage);
  std::optional<std::vector<std::string>> path = app_function_path(L, 1);
  if (!path) {
    luaL_error(L, "%sfn must be an app function, e.g. app.integrations.sinch.list_groups "
               "(without calling it)", kUsage);
  }
  CallRequest request;
  request.path = std::move(*path);
  request.has_named = true;
  read_arguments(L, request);
  const PageLimits limits = read_limits(L);
  Dispatcher* dispatcher = context_of(L).dispatcher;
  if (dispatcher == nullptr) {
    raise_walk_failure(L, {ErrorCode::kIntegration, "Unknown function: app." +
                                                        request.joined_path() + "."},
                       "");
  }
  Outcome<std::unique_ptr<PageWalker>> walker = dispatcher->page_walker(request);
  if (!walker) raise_walk_failure(L, walker.error(), "");
  luaL_checkstack(L, 3, nullptr);
  void* memory = lua_newuserdatauv(L, sizeof(Walk), 0);
  new (memory) Walk(Pager(std::move(request), std::move(*walker), limits));
  if (luaL_newmetatable(L, kPagesMeta)) {
    lua_pushcfunction(L, collect_walk);
    lua_setfield(L, -2, "__gc");
    lua_pushliteral(L, "protected");
    lua_setfield(L, -2, "__metatable");
  }
  lua_setmetatable(L, -2);
  lua_pushcclosure(L, guarded<next_item>, 1);
  return 1;
}

}  // namespace kosmo::lua
