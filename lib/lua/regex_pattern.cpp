#include "lib/lua/regex_pattern.h"

#include <map>

namespace kosmo::lua {
namespace {

// PHP skips leading whitespace with C isspace(); spelled out so the locale cannot change it.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char closing_bracket(char open) {
  switch (open) {
    case '(':
      return ')';
    case '[':
      return ']';
    case '{':
      return '}';
    case '<':
      return '>';
    default:
      return '\0';
  }
}

// Index of the ending delimiter in `text` (which starts after the opening one), or npos.
// A backslash always protects the next byte; bracket delimiters nest as in PHP.
size_t find_end_delimiter(std::string_view text, char open, char close) {
  int depth = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      ++i;
    } else if (c == close && --depth == 0) {
      return i;
    } else if (c == open && open != close) {
      ++depth;
    }
  }
  return std::string_view::npos;
}

uint32_t modifier_option(char modifier) {
  switch (modifier) {
    case 'i':
      return PCRE2_CASELESS;
    case 'm':
      return PCRE2_MULTILINE;
    case 's':
      return PCRE2_DOTALL;
    case 'x':
      return PCRE2_EXTENDED;
    case 'u':
      return PCRE2_UTF | PCRE2_UCP;
    case 'U':
      return PCRE2_UNGREEDY;
    case 'D':
      return PCRE2_DOLLAR_ENDONLY;
    case 'A':
      return PCRE2_ANCHORED;
    case 'n':
      return PCRE2_NO_AUTO_CAPTURE;
    case 'J':
      return PCRE2_DUPNAMES;
    default:
      return 0;
  }
}

uint32_t parse_modifiers(std::string_view modifiers) {
  uint32_t options = 0;
  for (char c : modifiers) {
    // PHP tolerates spaces and line breaks among modifiers, and still accepts S (study) and
    // X (extra), which PCRE2 made the default, as no-ops.
    if (c == ' ' || c == '\n' || c == '\r' || c == 'S' || c == 'X') continue;
    uint32_t option = modifier_option(c);
    if (option == 0) {
      if (c == '\0') throw RegexError("NUL is not a valid modifier");
      throw RegexError(std::string("unknown modifier '") + c + "'");
    }
    options |= option;
  }
  return options;
}

std::string compile_error_message(int code, PCRE2_SIZE offset) {
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0) {
    return "unknown compile error " + std::to_string(code);
  }
  return std::string(reinterpret_cast<const char*>(buffer)) + " at offset " +
         std::to_string(offset);
}

}  // namespace

DelimitedPattern parse_delimited(std::string_view pattern) {
  size_t start = 0;
  while (start < pattern.size() && is_space(pattern[start])) ++start;
  if (start == pattern.size()) throw RegexError("empty regular expression");

  char open = pattern[start];
  if (is_alnum(open) || open == '\\' || open == '\0') {
    throw RegexError("delimiter must not be alphanumeric, backslash, or NUL");
  }
  char bracket = closing_bracket(open);
  char close = bracket != '\0' ? bracket : open;
  std::string_view rest = pattern.substr(start + 1);
  size_t end = find_end_delimiter(rest, open, close);
  if (end == std::string_view::npos) {
    throw RegexError(
        std::string(bracket != '\0' ? "no ending matching delimiter '" : "no ending delimiter '") +
        close + "' found");
  }
  return DelimitedPattern{rest.substr(0, end), parse_modifiers(rest.substr(end + 1))};
}

std::shared_ptr<const CompiledPattern> CompiledPattern::compile(std::string_view pattern) {
  DelimitedPattern parsed = parse_delimited(pattern);
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  CodePtr code(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(parsed.body.data()), parsed.body.size(),
                             parsed.options, &error, &error_offset, nullptr));
  if (!code) throw RegexError(compile_error_message(error, error_offset));
  // JIT is an optimisation only: when it is unavailable (no executable memory) pcre2_match
  // falls back to the interpreter, so the result is deliberately ignored.
  pcre2_jit_compile(code.get(), PCRE2_JIT_COMPLETE);
  std::shared_ptr<CompiledPattern> compiled(
      new CompiledPattern(std::move(code), (parsed.options & PCRE2_UTF) != 0));
  compiled->load_group_names();
  return compiled;
}

void CompiledPattern::load_group_names() {
  uint32_t captures = 0;
  uint32_t name_count = 0;
  uint32_t entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code_.get(), PCRE2_INFO_CAPTURECOUNT, &captures);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMECOUNT, &name_count);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code_.get(), PCRE2_INFO_NAMETABLE, &table);
  names_.assign(captures + 1, std::string());
  owns_name_.assign(captures + 1, false);

  std::map<std::string, uint32_t> highest;  // name -> highest group number carrying it
  for (uint32_t i = 0; i < name_count; ++i) {
    // Each entry: the group number as two big-endian bytes, then the NUL-terminated name.
    PCRE2_SPTR entry = table + static_cast<size_t>(i) * entry_size;
    uint32_t group = (static_cast<uint32_t>(entry[0]) << 8) | entry[1];
    std::string name(reinterpret_cast<const char*>(entry + 2));
    names_[group] = name;
    uint32_t& top = highest[name];
    if (group > top) top = group;
  }
  for (const auto& [name, group] : highest) owns_name_[group] = true;
}

}  // namespace kosmo::lua
