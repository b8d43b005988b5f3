#pragma once
// "Did you mean" suggestions for unknown names (docs pages, app.* functions, MCP tools).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo {

// Up to `max` candidates closest to `wanted`, best first, compared case-insensitively.
// Exact matches rank first, then candidates that start with `wanted`, then those containing it,
// then the rest by edit distance. Candidates further than max(2, n / 2) edits are dropped, where
// n is the length of `wanted` after the prefix it shares with the candidate (distance counts
// against the whole name or its last dot-separated segment), so a wild guess yields no
// suggestions rather than noise. Duplicates are reported once; an empty `wanted` yields none.
std::vector<std::string> nearest_names(std::string_view wanted,
                                       const std::vector<std::string>& candidates, size_t max = 3);

}  // namespace kosmo
