#include "lib/lua/regex_cache.h"

namespace kosmo::lua {

std::shared_ptr<const CompiledPattern> PatternCache::get(std::string_view pattern) {
  if (auto found = index_.find(pattern); found != index_.end()) {
    entries_.splice(entries_.begin(), entries_, found->second);
    return found->second->second;
  }
  auto compiled = CompiledPattern::compile(pattern);
  if (capacity_ == 0) return compiled;
  if (entries_.size() >= capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
  entries_.emplace_front(std::string(pattern), compiled);
  try {
    index_.emplace(entries_.front().first, entries_.begin());
  } catch (...) {
    // Keep list and index in step: an entry the index cannot find would never be evicted.
    entries_.pop_front();
    throw;
  }
  return compiled;
}

}  // namespace kosmo::lua
