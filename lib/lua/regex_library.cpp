// The Lua side of regex.* (product spec §3.2): argument checking, flags and gsub. Matching
// itself is in regex_matcher, pattern parsing in regex_pattern, result tables in
// regex_results.
//
// Signatures, as KosmoKrator's (src/Lua/LuaSandboxService.php registerJsonGlobals):
//   regex.match(subject, pattern [, flags [, offset]])     -> match table, or nil
//   regex.match_all(subject, pattern [, flags [, offset]]) -> all matches, or {} if none
//   regex.gsub(subject, pattern, replacement [, limit])    -> new string
// subject, pattern and a string replacement must be strings (KosmoKrator's type checks and
// messages). flags are PHP's PREG_* values, also available as regex.PREG_*: match honours
// 0, PREG_OFFSET_CAPTURE, PREG_UNMATCHED_AS_NULL and their sum and treats anything else as 0,
// as KosmoKrator does; match_all takes PHP's preg_match_all flags and refuses an order other
// than PREG_PATTERN_ORDER or PREG_SET_ORDER, as PHP does. offset (kosmo's addition, PHP's
// fifth preg_* argument) is a 0-based byte offset; negative counts from the end. gsub's
// replacement may also be a function (kosmo's addition) called with the match table: a string
// or number result replaces the match, nil/false keeps it. limit: nil or negative = unlimited,
// 0 = no replacement.
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
#include "lib/lua/regex_results.h"

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

// Only real strings, with KosmoKrator's message ("regex.match: expected string subject, got
// number"): a number is not silently turned into a subject or pattern. Like its
// error(message, 2), the message starts with the calling line when a Lua function called.
std::string_view check_string(lua_State* L, int arg, const char* function, const char* role) {
  if (lua_type(L, arg) != LUA_TSTRING) {
    luaL_where(L, 1);
    std::string message = lua_tostring(L, -1);
    lua_pop(L, 1);
    throw std::runtime_error(message + function + ": expected string " + role + ", got " +
                             luaL_typename(L, arg));
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

// KosmoKrator hands preg_match only these flag values and 0 for any other.
MatchFlags match_flags(lua_State* L, const char* function) {
  const lua_Integer value = opt_integer(L, 3, function).value_or(0);
  MatchFlags flags;
  if (value == kPregOffsetCapture || value == kPregUnmatchedAsNull ||
      value == (kPregOffsetCapture | kPregUnmatchedAsNull)) {
    flags.offset_capture = (value & kPregOffsetCapture) != 0;
    flags.unmatched_as_null = (value & kPregUnmatchedAsNull) != 0;
  }
  return flags;
}

// preg_match_all's reading: the low byte is the order (0 = pattern order), and only the two
// orders exist; the capture bits combine with either.
MatchFlags match_all_flags(lua_State* L, const char* function) {
  const lua_Integer value = opt_integer(L, 3, function).value_or(0);
  const lua_Integer order = value & 0xff;
  if (order != 0 && order != kPregPatternOrder && order != kPregSetOrder) {
    throw std::runtime_error(std::string(function) +
                             ": preg_match_all(): Argument #4 ($flags) must be a PREG_* constant");
  }
  MatchFlags flags;
  flags.set_order = order == kPregSetOrder;
  flags.offset_capture = (value & kPregOffsetCapture) != 0;
  flags.unmatched_as_null = (value & kPregUnmatchedAsNull) != 0;
  return flags;
}

struct Call {
  std::string_view subject;
  std::shared_ptr<const CompiledPattern> pattern;
};

// Checks subject and pattern (arguments 1 and 2) and compiles the pattern.
Call begin_call(lua_State* L, const char* function) {
  std::string_view subject = check_string(L, 1, function, "subject");
  std::string_view pattern = check_string(L, 2, function, "pattern");
  return Call{subject, state_of(L).cache.get(pattern)};
}

int match(lua_State* L) {
  Call call = begin_call(L, kMatch);
  const MatchFlags flags = match_flags(L, kMatch);
  size_t offset = opt_offset(L, 4, kMatch, call.subject.size());
  Matcher matcher(*call.pattern, call.subject, offset, state_of(L).context);
  if (matcher.next()) {
    push_match_table(L, *call.pattern, matcher, flags);
  } else {
    lua_pushnil(L);
  }
  return 1;
}

int match_all(lua_State* L) {
  Call call = begin_call(L, kMatchAll);
  const MatchFlags flags = match_all_flags(L, kMatchAll);
  size_t offset = opt_offset(L, 4, kMatchAll, call.subject.size());
  Matcher matcher(*call.pattern, call.subject, offset, state_of(L).context);
  push_all_matches(L, *call.pattern, matcher, flags);
  return 1;
}

// Calls the replacement function (argument 3) with the match table and adds its result.
void add_function_result(lua_State* L, luaL_Buffer* buffer, const CompiledPattern& pattern,
                         const Matcher& matcher) {
  luaL_checkstack(L, 2, "regex gsub");
  lua_pushvalue(L, 3);
  push_match_table(L, pattern, matcher, MatchFlags{});
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
    replacement.emplace(check_string(L, 3, kGsub, "replacement"));
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
  return 1;  // KosmoKrator returns only the string (preg_replace's result)
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
  lua_createtable(L, 0, 7);
  push_state(L);
  const luaL_Reg functions[] = {{"match", guarded<match>},
                                {"match_all", guarded<match_all>},
                                {"gsub", guarded<gsub>},
                                {nullptr, nullptr}};
  luaL_setfuncs(L, functions, 1);  // every function gets the state as upvalue 1
  set_preg_constants(L);
}

}  // namespace kosmo::lua
