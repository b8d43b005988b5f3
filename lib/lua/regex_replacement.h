#pragma once
// The replacement string of regex.gsub, parsed once per call. References follow PHP's
// preg_replace exactly: `$n`, `${n}` and `\n` with n of one or two digits (0 = whole match);
// a backslash before `\` or `$` yields that character literally; everything else is literal.
// A reference to a group that did not take part, or does not exist, expands to nothing.
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::lua {

class ReplacementTemplate {
 public:
  struct Piece {
    std::string literal;  // used when group < 0
    int group = -1;
  };

  explicit ReplacementTemplate(std::string_view text);

  const std::vector<Piece>& pieces() const { return pieces_; }

 private:
  void add_literal(char c);

  std::vector<Piece> pieces_;
};

}  // namespace kosmo::lua
