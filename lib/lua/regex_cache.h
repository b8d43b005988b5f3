#pragma once
// A small LRU cache of compiled patterns, one per lua_State, so a script calling regex.* in a
// loop compiles (and JIT-compiles) each pattern once.
#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "lib/lua/regex_pattern.h"

namespace kosmo::lua {

inline constexpr size_t kRegexCacheCapacity = 64;

class PatternCache {
 public:
  explicit PatternCache(size_t capacity = kRegexCacheCapacity) : capacity_(capacity) {}

  // The compiled form of `pattern` (the full delimited text, modifiers included), compiling it
  // on a miss. Throws RegexError for bad patterns, which are not cached. The returned pointer
  // stays valid after eviction for as long as the caller holds it.
  std::shared_ptr<const CompiledPattern> get(std::string_view pattern);

  size_t size() const { return entries_.size(); }

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CompiledPattern>>;
  size_t capacity_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // views into entries_
};

}  // namespace kosmo::lua
