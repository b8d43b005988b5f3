#include "lib/lua/regex_replacement.h"

#include <gtest/gtest.h>

#include <string>

namespace kosmo::lua {
namespace {

// Renders the parsed pieces as text: literals as-is, references as <n>.
std::string shape(std::string_view text) {
  ReplacementTemplate replacement(text);
  std::string out;
  for (const auto& piece : replacement.pieces()) {
    out += piece.group < 0 ? piece.literal : "<" + std::to_string(piece.group) + ">";
  }
  return out;
}

TEST(RegexReplacementTest, ReadsAllThreeReferenceForms) {
  EXPECT_EQ(shape("$1"), "<1>");
  EXPECT_EQ(shape("${2}"), "<2>");
  EXPECT_EQ(shape("\\3"), "<3>");
  EXPECT_EQ(shape("$0"), "<0>");
  EXPECT_EQ(shape("[$3/${2}/\\1]"), "[<3>/<2>/<1>]");
}

TEST(RegexReplacementTest, ReferencesHaveAtMostTwoDigits) {
  EXPECT_EQ(shape("$12"), "<12>");
  EXPECT_EQ(shape("$123"), "<12>3");
  EXPECT_EQ(shape("${1}0"), "<1>0");
  EXPECT_EQ(shape("${123}"), "${123}");  // not a reference: no closing brace after 2 digits
}

TEST(RegexReplacementTest, IncompleteReferencesAreLiteral) {
  EXPECT_EQ(shape("$"), "$");
  EXPECT_EQ(shape("a$b"), "a$b");
  EXPECT_EQ(shape("${1"), "${1");
  EXPECT_EQ(shape("${x}"), "${x}");
  EXPECT_EQ(shape("\\n"), "\\n");
  EXPECT_EQ(shape("100%"), "100%");
}

TEST(RegexReplacementTest, BackslashEscapesBackslashAndDollarLikePhp) {
  EXPECT_EQ(shape("\\$1"), "$1");
  EXPECT_EQ(shape("\\\\1"), "\\1");
  EXPECT_EQ(shape("\\\\"), "\\");
  EXPECT_EQ(shape("a\\\\$1"), "a\\<1>");
}

TEST(RegexReplacementTest, EmptyTemplateHasNoPieces) {
  EXPECT_TRUE(ReplacementTemplate("").pieces().empty());
}

}  // namespace
}  // namespace kosmo::lua
