#pragma once
// Running a compiled pattern over a subject with bounded backtracking, and walking successive
// matches the way PHP's preg_match_all / preg_replace do.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "lib/lua/regex_pattern.h"

namespace kosmo::lua {

// Backtracking bounds (product spec §3.2). The match and depth limits are PHP's defaults for
// pcre.backtrack_limit and pcre.recursion_limit, so patterns that work in the reference work
// here; the heap limit caps the interpreter's backtracking frames, which live outside the Lua
// allocator and so outside --memory-limit.
inline constexpr uint32_t kRegexMatchLimit = 1'000'000;
inline constexpr uint32_t kRegexDepthLimit = 100'000;
inline constexpr uint32_t kRegexHeapLimitKiB = 64 * 1024;
// The JIT's own stack. When a match overflows it, the match is rerun by the interpreter under
// the depth and heap limits instead of failing, so JIT only ever changes speed, not results.
inline constexpr size_t kRegexJitStackStartBytes = 32 * 1024;
inline constexpr size_t kRegexJitStackMaxBytes = 1024 * 1024;

// The limits above as a PCRE2 match context, plus the JIT stack it refers to. One per
// lua_State: the JIT stack may only be used by one match at a time. Both are made by the first
// match, not with the state: most runs never match a regex, and the JIT stack is a 1 MiB
// mapping (plus PCRE2's JIT code, paged in at every start otherwise).
class MatchContext {
 public:
  pcre2_match_context* get() const;  // throws std::bad_alloc

 private:
  struct Free {
    void operator()(pcre2_match_context* c) const { pcre2_match_context_free(c); }
    void operator()(pcre2_jit_stack* s) const { pcre2_jit_stack_free(s); }
  };
  mutable std::unique_ptr<pcre2_jit_stack, Free> jit_stack_;
  mutable std::unique_ptr<pcre2_match_context, Free> context_;
};

// Iterates over the matches of `pattern` in `subject` from byte `start`. Empty matches are
// handled like PHP: after an empty match the search is retried at the same place with
// PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED, and if that fails it moves on by one character
// (a whole UTF-8 sequence in /u mode). `subject` and `pattern` must outlive the iterator.
class Matcher {
 public:
  Matcher(const CompiledPattern& pattern, std::string_view subject, size_t start,
          const MatchContext& context);

  // Advances to the next match; false when there is none. Throws RegexError when a limit is
  // exceeded or the subject is not valid UTF-8 in /u mode.
  bool next();

  // After a successful next(): 1 + the highest group that took part in the match, which is how
  // many entries PHP puts in a match array (trailing unset groups are left out).
  uint32_t count() const { return count_; }
  // Text of `group`; "" when the group did not take part or does not exist.
  std::string_view group(uint32_t group) const;
  // Whether `group` took part in the match (PHP reports the others as "" or null).
  bool group_set(uint32_t group) const;
  // Byte offset of `group` in the subject; -1 when it did not take part (PREG_OFFSET_CAPTURE).
  long long group_offset(uint32_t group) const;
  size_t match_start() const;
  size_t match_end() const;

 private:
  int run(size_t offset, uint32_t options);
  size_t next_character(size_t offset) const;

  struct Free {
    void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
  };
  const CompiledPattern& pattern_;
  std::string_view subject_;
  const MatchContext& context_;
  std::unique_ptr<pcre2_match_data, Free> data_;
  size_t offset_;             // where the next search starts
  bool retry_empty_ = false;  // the last match was empty: retry non-empty at offset_ first
  bool checked_utf_ = false;  // PCRE2 has validated the subject's UTF-8 once
  bool done_ = false;
  uint32_t count_ = 0;
};

}  // namespace kosmo::lua
