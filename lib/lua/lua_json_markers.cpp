// json.null and the object/array marker metatables. The markers live in the registry under
// addresses of private statics, which scripts cannot reach (no debug library), so a script can
// neither forge nor replace them; it can only mark or unmark its own tables.
#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_internal.h"

namespace kosmo::lua {
namespace {

const char kObjectMarkerKey = 0;
const char kArrayMarkerKey = 0;

const void* marker_key(JsonKind kind) {
  return kind == JsonKind::kObject ? &kObjectMarkerKey : &kArrayMarkerKey;
}

void create_marker(lua_State* L, JsonKind kind, const char* name) {
  lua_createtable(L, 0, 1);
  // __name only makes luaL_tolstring-style messages readable ("json.array: 0x...").
  lua_pushstring(L, name);
  lua_setfield(L, -2, "__name");
  lua_rawsetp(L, LUA_REGISTRYINDEX, marker_key(kind));
}

}  // namespace

void install_json_support(lua_State* L) {
  luaL_checkstack(L, 3, "json support");
  create_marker(L, JsonKind::kObject, "json.object");
  create_marker(L, JsonKind::kArray, "json.array");
}

void push_json_null(lua_State* L) { lua_pushlightuserdata(L, nullptr); }

bool is_json_null(lua_State* L, int index) {
  return lua_type(L, index) == LUA_TLIGHTUSERDATA && lua_touserdata(L, index) == nullptr;
}

void mark_json_kind(lua_State* L, int index, JsonKind kind) {
  index = lua_absindex(L, index);
  luaL_checkstack(L, 1, "json marker");
  lua_rawgetp(L, LUA_REGISTRYINDEX, marker_key(kind));
  lua_setmetatable(L, index);
}

namespace json_detail {

void push_marker_metatables(lua_State* L) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, marker_key(JsonKind::kObject));
  lua_rawgetp(L, LUA_REGISTRYINDEX, marker_key(JsonKind::kArray));
}

std::optional<JsonKind> marked_kind(lua_State* L, int index, int markers) {
  if (!lua_getmetatable(L, index)) return std::nullopt;
  std::optional<JsonKind> kind;
  if (lua_rawequal(L, -1, markers)) {
    kind = JsonKind::kObject;
  } else if (lua_rawequal(L, -1, markers + 1)) {
    kind = JsonKind::kArray;
  }
  lua_pop(L, 1);
  return kind;
}

}  // namespace json_detail
}  // namespace kosmo::lua
