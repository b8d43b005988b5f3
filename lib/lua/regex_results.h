#pragma once
// The Lua tables regex.match and regex.match_all return, shaped by PHP's PREG_* flags the way
// KosmoKrator passes them to preg_match / preg_match_all (src/Lua/LuaSandboxService.php).
// Tables keyed by group keep PHP's keys ([0] whole match, [1..n] groups, names); PHP lists
// (the per-match lists of PREG_PATTERN_ORDER, the matches of PREG_SET_ORDER, the
// {text, offset} pairs of PREG_OFFSET_CAPTURE) are Lua sequences. A PHP null is absent from a
// keyed table and json.null inside a list, as JSON decoding does.
#include <lua.hpp>

#include "lib/lua/regex_matcher.h"
#include "lib/lua/regex_pattern.h"

namespace kosmo::lua {

// PHP's values, as scripts pass them.
inline constexpr lua_Integer kPregPatternOrder = 1;
inline constexpr lua_Integer kPregSetOrder = 2;
inline constexpr lua_Integer kPregOffsetCapture = 256;
inline constexpr lua_Integer kPregUnmatchedAsNull = 512;

struct MatchFlags {
  bool offset_capture = false;
  bool unmatched_as_null = false;
  bool set_order = false;  // match_all only
};

// Pushes the table of the current match (what preg_match puts in $matches).
void push_match_table(lua_State* L, const CompiledPattern& pattern, const Matcher& matcher,
                      const MatchFlags& flags);

// Runs `matcher` to the end and pushes what preg_match_all puts in $matches, or {} when
// nothing matched (KosmoKrator returns [] then).
void push_all_matches(lua_State* L, const CompiledPattern& pattern, Matcher& matcher,
                      const MatchFlags& flags);

// Pushes the PREG_* constants into the table on top of the stack.
void set_preg_constants(lua_State* L);

}  // namespace kosmo::lua
