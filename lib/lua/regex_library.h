#pragma once
// The regex.* helpers (product spec §3.2): PCRE2 with PHP-style delimited patterns.
#include <lua.hpp>

namespace kosmo::lua {

// Pushes the `regex` helper table (match, match_all, gsub).
void push_regex_library(lua_State* L);

}  // namespace kosmo::lua
