// The Lua side of regex.* (product spec §3.2): argument checking and result tables. Matching
// itself is in regex_matcher, pattern parsing in regex_pattern.
//
// Signatures (offsets are 0-based byte offsets, as in PHP; a negative offset counts from the
// end of the subject; past the end is an argument error):
//   regex.match(subject, pattern [, offset])     -> match table, or nil
//   regex.match_all(subject, pattern [, offset]) -> PREG_PATTERN_ORDER table, or {} if none
//   regex.gsub(subject, pattern, replacement [, limit]) -> new string, number of replacements
// A match table holds [0] = whole match, [1..n] = groups, and named groups by name as well;
// like PHP, groups after the last one that took part are absent and unset groups before it are
// "". match_all lists are Lua sequences (1-based) of strings, with "" for unset groups so
// every list has one entry per match. gsub's replacement is a string (see
// regex_replacement.h) or a function called with the match table: a string or number result
// replaces the match, nil/false keeps it (as in string.gsub). limit: nil or negative =
// unlimited, 0 = no replacement.
#include "lib/lua/regex_library.h"

#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "lib/lua/lua_guard.h"
#include "lib/lua/regex_cache.h"
#include "lib/lua/regex_matcher.h"
#include "lib/lua/regex_replacement.h"

namespace kosmo::lua {
namespace {

constexpr const char* kStateMetatable = "kosmo.regex.state";
constexpr const char* kMatch = "regex.match";
constexpr const char* kMatchAll = "regex.match_all";
constexpr const char* kGsub = "regex.gsub";

// Per-lua_State regex state, owned by a userdata shared as upvalue 1 of the three functions;
// its __gc frees every PCRE2 object.
struct RegexState {
  PatternCache cache;
  MatchContext context;
};

RegexState& state_of(lua_State* L) {
  return *static_cast<RegexState*>(lua_touserdata(L, lua_upvalueindex(1)));
}

int collect_state(lua_State* L) {
  static_cast<RegexState*>(lua_touserdata(L, 1))->~RegexState();
  return 0;
}

[[noreturn]] void argument_error(int arg, const char* function, const std::string& detail) {
  throw std::runtime_error(std::string(function) + ": bad argument #" + std::to_string(arg) + " (" +
                           detail + ")");
}

std::string expected(lua_State* L, int arg, const char* what) {
  return std::string(what) + " expected, got " + luaL_typename(L, arg);
}

// Strings and numbers, as luaL_checklstring accepts them.
std::string_view check_text(lua_State* L, int arg, const char* function) {
  int type = lua_type(L, arg);
  if (type != LUA_TSTRING && type != LUA_TNUMBER) {
    argument_error(arg, function, expected(L, arg, "string"));
  }
  size_t length = 0;
  const char* text = lua_tolstring(L, arg, &length);
  return {text, length};
}

std::optional<lua_Integer> opt_integer(lua_State* L, int arg, const char* function) {
  if (lua_isnoneornil(L, arg)) return std::nullopt;
  if (lua_type(L, arg) != LUA_TNUMBER) argument_error(arg, function, expected(L, arg, "number"));
  int is_integer = 0;
  lua_Integer value = lua_tointegerx(L, arg, &is_integer);
  if (!is_integer) argument_error(arg, function, "number has no integer representation");
  return value;
}

size_t opt_offset(lua_State* L, int arg, const char* function, size_t subject_length) {
  lua_Integer offset = opt_integer(L, arg, function).value_or(0);
  auto length = static_cast<lua_Integer>(subject_length);
  if (offset < 0) offset = offset + length < 0 ? 0 : offset + length;
  if (offset > length) argument_error(arg, function, "offset out of range");
  return static_cast<size_t>(offset);
}

void push_text(lua_State* L, std::string_view text) {
  lua_pushlstring(L, text.data(), text.size());
}

void push_match_table(lua_State* L, const CompiledPattern& pattern, const Matcher& matcher) {
  luaL_checkstack(L, 3, "regex match table");
  lua_createtable(L, static_cast<int>(matcher.count()), 0);
  for (uint32_t group = 0; group < matcher.count(); ++group) {
    push_text(L, matcher.group(group));
    // With duplicate names (/J) a later group overwrites an earlier one, as in PHP.
    if (const std::string& name = pattern.group_name(group); !name.empty()) {
      lua_pushvalue(L, -1);
      lua_setfield(L, -3, name.c_str());
    }
    lua_rawseti(L, -2, group);
  }
}

struct Call {
  std::string_view subject;
  std::shared_ptr<const CompiledPattern> pattern;
};

// Checks subject and pattern (arguments 1 and 2) and compiles the pattern.
Call begin_call(lua_State* L, const char* function) {
  std::string_view subject = check_text(L, 1, function);
  std::string_view pattern = check_text(L, 2, function);
  return Call{subject, state_of(L).cache.get(pattern)};
}

int match(lua_State* L) {
  Call call = begin_call(L, kMatch);
  size_t offset = opt_offset(L, 3, kMatch, call.subject.size());
  Matcher matcher(*call.pattern, call.subject, offset, state_of(L).context);
  if (matcher.next()) {
    push_match_table(L, *call.pattern, matcher);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

// Appends `text` as element `index` of the list stored under the key on top of the stack
// (popped) in the table at `table`.
void append_to_list(lua_State* L, int table, std::string_view text, lua_Integer index) {
  lua_rawget(L, table);
  push_text(L, text);
  lua_rawseti(L, -2, index);
  lua_pop(L, 1);
}

void create_lists(lua_State* L, int table, const CompiledPattern& pattern) {
  for (uint32_t group = 0; group < pattern.group_count(); ++group) {
    lua_newtable(L);
    lua_rawseti(L, table, group);
    // Each name gets a list of its own: PHP arrays are values, so the name and number entries
    // must not alias one table that a script could modify through either key.
    if (pattern.owns_name(group)) {
      lua_newtable(L);
      lua_setfield(L, table, pattern.group_name(group).c_str());
    }
  }
}

int match_all(lua_State* L) {
  Call call = begin_call(L, kMatchAll);
  size_t offset = opt_offset(L, 3, kMatchAll, call.subject.size());
  Matcher matcher(*call.pattern, call.subject, offset, state_of(L).context);
  const CompiledPattern& pattern = *call.pattern;
  luaL_checkstack(L, 4, "regex match_all");
  lua_newtable(L);
  int result = lua_gettop(L);
  lua_Integer matches = 0;
  while (matcher.next()) {
    if (matches++ == 0) create_lists(L, result, pattern);
    for (uint32_t group = 0; group < pattern.group_count(); ++group) {
      lua_pushinteger(L, group);
      append_to_list(L, result, matcher.group(group), matches);
      if (pattern.owns_name(group)) {
        lua_pushstring(L, pattern.group_name(group).c_str());
        append_to_list(L, result, matcher.group(group), matches);
      }
    }
  }
  return 1;
}

// Calls the replacement function (argument 3) with the match table and adds its result.
void add_function_result(lua_State* L, luaL_Buffer* buffer, const CompiledPattern& pattern,
                         const Matcher& matcher) {
  luaL_checkstack(L, 2, "regex gsub");
  lua_pushvalue(L, 3);
  push_match_table(L, pattern, matcher);
  lua_call(L, 1, 1);
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    push_text(L, matcher.group(0));
  } else if (!lua_isstring(L, -1)) {
    throw std::runtime_error(std::string(kGsub) + ": invalid replacement value (a " +
                             luaL_typename(L, -1) + ")");
  }
  luaL_addvalue(buffer);
}

void add_template(luaL_Buffer* buffer, const ReplacementTemplate& replacement,
                  const Matcher& matcher) {
  for (const ReplacementTemplate::Piece& piece : replacement.pieces()) {
    std::string_view text =
        piece.group < 0 ? std::string_view(piece.literal) : matcher.group(piece.group);
    luaL_addlstring(buffer, text.data(), text.size());
  }
}

int gsub(lua_State* L) {
  Call call = begin_call(L, kGsub);
  std::optional<ReplacementTemplate> replacement;
  if (lua_type(L, 3) != LUA_TFUNCTION) {
    int type = lua_type(L, 3);
    if (type != LUA_TSTRING && type != LUA_TNUMBER) {
      argument_error(3, kGsub, expected(L, 3, "string or function"));
    }
    replacement.emplace(check_text(L, 3, kGsub));
  }
  lua_Integer limit = opt_integer(L, 4, kGsub).value_or(-1);

  Matcher matcher(*call.pattern, call.subject, 0, state_of(L).context);
  luaL_Buffer buffer;  // Lua memory, so large results count against --memory-limit
  luaL_buffinit(L, &buffer);
  size_t copied = 0;
  lua_Integer replaced = 0;
  while ((limit < 0 || replaced < limit) && matcher.next()) {
    luaL_addlstring(&buffer, call.subject.data() + copied, matcher.match_start() - copied);
    if (replacement) {
      add_template(&buffer, *replacement, matcher);
    } else {
      add_function_result(L, &buffer, *call.pattern, matcher);
    }
    copied = matcher.match_end();
    ++replaced;
  }
  luaL_addlstring(&buffer, call.subject.data() + copied, call.subject.size() - copied);
  luaL_pushresult(&buffer);
  lua_pushinteger(L, replaced);
  return 2;
}

// Creates the state userdata (left on the stack) with its __gc metatable.
void push_state(lua_State* L) {
  if (luaL_newmetatable(L, kStateMetatable)) {
    lua_pushcfunction(L, guarded<collect_state>);
    lua_setfield(L, -2, "__gc");
  }
  void* memory = lua_newuserdatauv(L, sizeof(RegexState), 0);
  // This runs outside any guarded<> wrapper; a C++ exception must not reach the Lua VM.
  try {
    new (memory) RegexState();
  } catch (const std::exception&) {
    luaL_error(L, "not enough memory");
  }
  lua_insert(L, -2);
  lua_setmetatable(L, -2);  // only now: __gc must never see an unconstructed state
}

}  // namespace

void push_regex_library(lua_State* L) {
  luaL_checkstack(L, 4, "regex library");
  lua_createtable(L, 0, 3);
  push_state(L);
  const luaL_Reg functions[] = {{"match", guarded<match>},
                                {"match_all", guarded<match_all>},
                                {"gsub", guarded<gsub>},
                                {nullptr, nullptr}};
  luaL_setfuncs(L, functions, 1);  // every function gets the state as upvalue 1
}

}  // namespace kosmo::lua
