// Result tables of regex.match / regex.match_all (see regex_results.h).
#include "lib/lua/regex_results.h"

#include "lib/lua/lua_json.h"

namespace kosmo::lua {
namespace {

// Pushes what PHP stores for one group: its text (or null), or with PREG_OFFSET_CAPTURE the
// pair {text, offset}. Returns false, pushing nothing, for a null that a keyed table leaves out.
bool push_entry(lua_State* L, const Matcher& matcher, uint32_t group, const MatchFlags& flags,
                bool in_list) {
  luaL_checkstack(L, 3, "regex result");
  const bool null = flags.unmatched_as_null && !matcher.group_set(group);
  if (flags.offset_capture) {
    lua_createtable(L, 2, 0);
    if (null) {
      push_json_null(L);
    } else {
      const std::string_view text = matcher.group(group);
      lua_pushlstring(L, text.data(), text.size());
    }
    lua_rawseti(L, -2, 1);
    lua_pushinteger(L, matcher.group_offset(group));
    lua_rawseti(L, -2, 2);
    return true;
  }
  if (null) {
    if (!in_list) return false;
    push_json_null(L);
    return true;
  }
  const std::string_view text = matcher.group(group);
  lua_pushlstring(L, text.data(), text.size());
  return true;
}

// PHP leaves out groups after the last one that took part, unless unset groups are reported
// as null: then every group is there.
uint32_t reported_groups(const CompiledPattern& pattern, const Matcher& matcher,
                         const MatchFlags& flags) {
  return flags.unmatched_as_null ? pattern.group_count() : matcher.count();
}

// Appends the current match's entry for `group` to the list under `key` (popped) in `table`.
void append_entry(lua_State* L, int table, const Matcher& matcher, uint32_t group,
                  const MatchFlags& flags, lua_Integer index) {
  lua_rawget(L, table);
  push_entry(L, matcher, group, flags, true);
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

void add_pattern_order(lua_State* L, int table, const CompiledPattern& pattern,
                       const Matcher& matcher, const MatchFlags& flags, lua_Integer index) {
  if (index == 1) create_lists(L, table, pattern);
  for (uint32_t group = 0; group < pattern.group_count(); ++group) {
    lua_pushinteger(L, group);
    append_entry(L, table, matcher, group, flags, index);
    if (pattern.owns_name(group)) {
      lua_pushstring(L, pattern.group_name(group).c_str());
      append_entry(L, table, matcher, group, flags, index);
    }
  }
}

}  // namespace

void push_match_table(lua_State* L, const CompiledPattern& pattern, const Matcher& matcher,
                      const MatchFlags& flags) {
  luaL_checkstack(L, 3, "regex match table");
  const uint32_t groups = reported_groups(pattern, matcher, flags);
  lua_createtable(L, static_cast<int>(groups), 0);
  for (uint32_t group = 0; group < groups; ++group) {
    // With duplicate names (/J) a later group overwrites an earlier one, as in PHP.
    if (const std::string& name = pattern.group_name(group); !name.empty()) {
      if (push_entry(L, matcher, group, flags, false)) lua_setfield(L, -2, name.c_str());
    }
    if (push_entry(L, matcher, group, flags, false)) lua_rawseti(L, -2, group);
  }
}

void push_all_matches(lua_State* L, const CompiledPattern& pattern, Matcher& matcher,
                      const MatchFlags& flags) {
  luaL_checkstack(L, 4, "regex match_all");
  lua_newtable(L);
  const int table = lua_gettop(L);
  lua_Integer matches = 0;
  while (matcher.next()) {
    ++matches;
    if (flags.set_order) {
      push_match_table(L, pattern, matcher, flags);
      lua_rawseti(L, table, matches);
    } else {
      add_pattern_order(L, table, pattern, matcher, flags, matches);
    }
  }
}

void set_preg_constants(lua_State* L) {
  const struct {
    const char* name;
    lua_Integer value;
  } constants[] = {{"PREG_PATTERN_ORDER", kPregPatternOrder},
                   {"PREG_SET_ORDER", kPregSetOrder},
                   {"PREG_OFFSET_CAPTURE", kPregOffsetCapture},
                   {"PREG_UNMATCHED_AS_NULL", kPregUnmatchedAsNull}};
  for (const auto& constant : constants) {
    lua_pushinteger(L, constant.value);
    lua_setfield(L, -2, constant.name);
  }
}

}  // namespace kosmo::lua
