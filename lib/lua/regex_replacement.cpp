#include "lib/lua/regex_replacement.h"

#include <cstddef>
#include <optional>

namespace kosmo::lua {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct Reference {
  int group;
  size_t end;  // index just past the reference
};

// A reference starting at `at` (which holds '$' or '\'), as PHP's preg_get_backref reads it.
std::optional<Reference> read_reference(std::string_view text, size_t at) {
  size_t i = at + 1;
  bool braced = text[at] == '$' && i < text.size() && text[i] == '{';
  if (braced) ++i;
  if (i >= text.size() || !is_digit(text[i])) return std::nullopt;
  int group = text[i++] - '0';
  if (i < text.size() && is_digit(text[i])) group = group * 10 + (text[i++] - '0');
  if (braced) {
    if (i >= text.size() || text[i] != '}') return std::nullopt;
    ++i;
  }
  return Reference{group, i};
}

}  // namespace

ReplacementTemplate::ReplacementTemplate(std::string_view text) {
  // `previous` is the last character copied literally; PHP lets a copied backslash escape a
  // following '\' or '$' by overwriting it with that character.
  char previous = '\0';
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\\' || c == '$') {
      if (previous == '\\') {
        pieces_.back().literal.back() = c;
        previous = '\0';
        ++i;
        continue;
      }
      if (auto reference = read_reference(text, i)) {
        pieces_.push_back(Piece{std::string(), reference->group});
        i = reference->end;
        continue;
      }
    }
    add_literal(c);
    previous = c;
    ++i;
  }
}

void ReplacementTemplate::add_literal(char c) {
  if (pieces_.empty() || pieces_.back().group >= 0) pieces_.push_back(Piece{});
  pieces_.back().literal.push_back(c);
}

}  // namespace kosmo::lua
