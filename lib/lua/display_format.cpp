// The text print(), dump() and tostring(table) produce: KosmoKrator's __serialize format
// (src/Lua/LuaSandboxService.php setupPrintCapture), so scripts and people reading `output`
// see what they saw there:
//   * non-tables as Lua's tostring shows them (strings raw; json.null as "null");
//   * an empty table as "{}";
//   * a table whose keys are exactly 1..n as "[\n" + items joined ",\n" + "\n]";
//   * any other table as "{\n" + "key: value" lines joined ",\n" + "\n}", keys and string
//     values unquoted; nesting indents by two spaces per level.
// Kept from kosmo where the reference has none of it: keys are sorted (numbers first, then
// strings by bytes, then the rest) so output is deterministic; only a true cycle shows as
// "<circular>" (the reference also says so for a table met twice through different paths);
// nesting past kMaxDepth shows "<too deep>"; a table with its own __tostring is shown the way
// the script chose, so app.* error values print their message.
#include <algorithm>
#include <string>
#include <vector>

#include "lib/lua/lua_json.h"
#include "lib/lua/lua_json_internal.h"
#include "lib/lua/readonly_view.h"

namespace kosmo::lua {
namespace {

std::string pop_string(lua_State* L) {
  size_t length;
  const char* text = lua_tolstring(L, -1, &length);
  std::string result(text, length);
  lua_pop(L, 1);
  return result;
}

// Lua's tostring for anything that is not a plain table; json.null reads as "null".
std::string scalar_text(lua_State* L, int index) {
  if (is_json_null(L, index)) return "null";
  luaL_tolstring(L, index, nullptr);
  return pop_string(L);
}

// How object keys are ordered: numbers by value, then strings by bytes, then the rest by text.
struct KeyOrder {
  int rank;
  double number;
  std::string text;
  int position;  // index of the key in the scratch key list
  bool operator<(const KeyOrder& other) const {
    if (rank != other.rank) return rank < other.rank;
    if (rank == 0 && number != other.number) return number < other.number;
    return text < other.text;
  }
};

class DisplayWriter {
 public:
  DisplayWriter(lua_State* L, std::string& out) : L_(L), out_(out) {}

  void value(int index, int indent) {
    index = lua_absindex(L_, index);
    if (lua_type(L_, index) != LUA_TTABLE) {
      out_ += scalar_text(L_, index);
    } else if (luaL_getmetafield(L_, index, "__tostring") != LUA_TNIL) {
      lua_pop(L_, 1);
      out_ += scalar_text(L_, index);
    } else {
      table(index, indent);
    }
  }

 private:
  void table(int index, int indent) {
    // A read-only view (the `args` table) prints as the table it shows.
    if (lua_checkstack(L_, 2) && push_view_target(L_, index)) {
      table(lua_gettop(L_), indent);
      lua_pop(L_, 1);
      return;
    }
    const void* id = lua_topointer(L_, index);
    if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
      out_ += "<circular>";
      return;
    }
    if (ancestors_.size() >= static_cast<size_t>(json_detail::kMaxDepth) || !lua_checkstack(L_, 6)) {
      out_ += "<too deep>";
      return;
    }
    ancestors_.push_back(id);
    lua_Integer count = 0;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      lua_pop(L_, 1);
      ++count;
    }
    if (count == 0) {
      out_ += "{}";
    } else if (is_sequence(index, count)) {
      sequence(index, count, indent);
    } else {
      object(index, indent);
    }
    ancestors_.pop_back();
  }

  bool is_sequence(int index, lua_Integer count) {
    for (lua_Integer i = 1; i <= count; ++i) {
      const bool present = lua_rawgeti(L_, index, i) != LUA_TNIL;
      lua_pop(L_, 1);
      if (!present) return false;
    }
    return true;
  }

  void sequence(int index, lua_Integer count, int indent) {
    out_ += "[\n";
    for (lua_Integer i = 1; i <= count; ++i) {
      if (i > 1) out_ += ",\n";
      out_.append(2 * (indent + 1), ' ');
      lua_rawgeti(L_, index, i);
      value(-1, indent + 1);
      lua_pop(L_, 1);
    }
    close(indent, ']');
  }

  void object(int index, int indent) {
    // The keys go into a scratch list on the stack so they stay alive while sorted.
    lua_newtable(L_);
    const int keys = lua_gettop(L_);
    std::vector<KeyOrder> order;
    lua_pushnil(L_);
    while (lua_next(L_, index) != 0) {
      lua_pop(L_, 1);
      const int position = static_cast<int>(order.size()) + 1;
      lua_pushvalue(L_, -1);
      lua_rawseti(L_, keys, position);
      order.push_back(key_order(lua_gettop(L_), position));
    }
    std::sort(order.begin(), order.end());
    out_ += "{\n";
    for (size_t i = 0; i < order.size(); ++i) {
      if (i > 0) out_ += ",\n";
      out_.append(2 * (indent + 1), ' ');
      out_ += order[i].text;
      out_ += ": ";
      lua_rawgeti(L_, keys, order[i].position);
      lua_rawget(L_, index);
      value(-1, indent + 1);
      lua_pop(L_, 1);
    }
    lua_pop(L_, 1);
    close(indent, '}');
  }

  KeyOrder key_order(int key, int position) {
    switch (lua_type(L_, key)) {
      case LUA_TNUMBER:
        return {0, lua_tonumber(L_, key), scalar_text(L_, key), position};
      case LUA_TSTRING:
        return {1, 0, scalar_text(L_, key), position};
      default:
        return {2, 0, scalar_text(L_, key), position};
    }
  }

  void close(int indent, char bracket) {
    out_ += '\n';
    out_.append(2 * indent, ' ');
    out_ += bracket;
  }

  lua_State* L_;
  std::string& out_;
  std::vector<const void*> ancestors_;
};

}  // namespace

std::string render_for_display(lua_State* L, int index) {
  index = lua_absindex(L, index);
  luaL_checkstack(L, 4, "render");
  std::string out;
  DisplayWriter(L, out).value(index, 0);
  return out;
}

}  // namespace kosmo::lua
