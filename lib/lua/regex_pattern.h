#pragma once
// PHP-style delimited patterns ("/(\\d+)-(\\w+)/i") parsed and compiled with PCRE2 (8-bit).
// Delimiter and modifier rules follow PHP's preg_* functions (ext/pcre), including the wording
// of their errors, so scripts written against the reference behave the same here.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::lua {

// Any failure of the regex helpers that is not an argument error; what() is the full message
// shown to the script, always starting "regex: ".
class RegexError : public std::runtime_error {
 public:
  explicit RegexError(const std::string& detail) : std::runtime_error("regex: " + detail) {}
};

struct DelimitedPattern {
  std::string_view body;  // the text between the delimiters, escapes untouched
  uint32_t options = 0;   // PCRE2 compile options from the modifiers
};

// Splits `pattern` into body and modifiers. Throws RegexError for an empty pattern, a bad or
// missing delimiter, or an unknown modifier. The body views into `pattern`.
DelimitedPattern parse_delimited(std::string_view pattern);

// A compiled pattern plus what the helpers need to shape results. Immutable once built, so
// one instance can be shared by the cache and by calls still using it after eviction.
class CompiledPattern {
 public:
  // Parses and compiles; throws RegexError ("regex: <PCRE2 message> at offset <n>").
  static std::shared_ptr<const CompiledPattern> compile(std::string_view pattern);

  const pcre2_code* code() const { return code_.get(); }
  bool utf() const { return utf_; }
  // Number of groups including group 0 (the whole match).
  uint32_t group_count() const { return static_cast<uint32_t>(names_.size()); }
  // Name of group `group`, or "" when it has none.
  const std::string& group_name(uint32_t group) const { return names_[group]; }
  // With duplicate names (/J), PHP exposes a name through the highest-numbered group carrying
  // it; true for that group.
  bool owns_name(uint32_t group) const { return owns_name_[group]; }

 private:
  struct CodeFree {
    void operator()(pcre2_code* code) const { pcre2_code_free(code); }
  };
  using CodePtr = std::unique_ptr<pcre2_code, CodeFree>;

  CompiledPattern(CodePtr code, bool utf) : code_(std::move(code)), utf_(utf) {}
  void load_group_names();

  CodePtr code_;
  bool utf_;
  std::vector<std::string> names_;
  std::vector<bool> owns_name_;
};

}  // namespace kosmo::lua
