#include "lib/lua/regex_pattern.h"

#include <gtest/gtest.h>

#include <string>

#include "lib/lua/regex_cache.h"

namespace kosmo::lua {
namespace {

std::string parse_error(std::string_view pattern) {
  try {
    parse_delimited(pattern);
  } catch (const RegexError& e) {
    return e.what();
  }
  return "no error";
}

TEST(RegexPatternTest, SplitsBodyAndModifiers) {
  DelimitedPattern parsed = parse_delimited("/(\\d+)-(\\w+)/i");
  EXPECT_EQ(parsed.body, "(\\d+)-(\\w+)");
  EXPECT_EQ(parsed.options, PCRE2_CASELESS);
}

TEST(RegexPatternTest, MapsEveryModifier) {
  EXPECT_EQ(parse_delimited("/a/imsxuUDAnJ").options,
            PCRE2_CASELESS | PCRE2_MULTILINE | PCRE2_DOTALL | PCRE2_EXTENDED | PCRE2_UTF |
                PCRE2_UCP | PCRE2_UNGREEDY | PCRE2_DOLLAR_ENDONLY | PCRE2_ANCHORED |
                PCRE2_NO_AUTO_CAPTURE | PCRE2_DUPNAMES);
  // PHP's leftovers and separators are accepted and change nothing.
  EXPECT_EQ(parse_delimited("/a/S X\n").options, 0u);
}

TEST(RegexPatternTest, AcceptsOtherDelimitersAndLeadingSpace) {
  EXPECT_EQ(parse_delimited("#a/b#").body, "a/b");
  EXPECT_EQ(parse_delimited("~x~").body, "x");
  EXPECT_EQ(parse_delimited("  \n/x/").body, "x");
  EXPECT_EQ(parse_delimited("/a\\/b/").body, "a\\/b");  // the escape stays for PCRE2
}

TEST(RegexPatternTest, BracketDelimitersNest) {
  EXPECT_EQ(parse_delimited("{a{2}}").body, "a{2}");
  EXPECT_EQ(parse_delimited("(a(b))i").body, "a(b)");
  EXPECT_EQ(parse_delimited("[[a-z]+]").body, "[a-z]+");
  EXPECT_EQ(parse_delimited("<\\d+>").body, "\\d+");
  EXPECT_EQ(parse_delimited("(a\\)b)").body, "a\\)b");
}

TEST(RegexPatternTest, ReportsDelimiterErrorsInPhpWording) {
  EXPECT_EQ(parse_error(""), "regex: empty regular expression");
  EXPECT_EQ(parse_error("   "), "regex: empty regular expression");
  EXPECT_EQ(parse_error("abc"), "regex: delimiter must not be alphanumeric, backslash, or NUL");
  EXPECT_EQ(parse_error("\\a\\"), "regex: delimiter must not be alphanumeric, backslash, or NUL");
  EXPECT_EQ(parse_error("/abc"), "regex: no ending delimiter '/' found");
  EXPECT_EQ(parse_error("/abc\\/"), "regex: no ending delimiter '/' found");
  EXPECT_EQ(parse_error("(abc"), "regex: no ending matching delimiter ')' found");
  EXPECT_EQ(parse_error("{a{2}"), "regex: no ending matching delimiter '}' found");
}

TEST(RegexPatternTest, RejectsUnknownModifiers) {
  EXPECT_EQ(parse_error("/a/q"), "regex: unknown modifier 'q'");
  EXPECT_EQ(parse_error("/a/ie"), "regex: unknown modifier 'e'");  // no eval, as in PHP 7+
  EXPECT_EQ(parse_error(std::string_view("/a/\0", 4)), "regex: NUL is not a valid modifier");
}

TEST(RegexPatternTest, CompileErrorsCarryPcreMessageAndOffset) {
  try {
    CompiledPattern::compile("/(abc/");
    FAIL() << "expected a compile error";
  } catch (const RegexError& e) {
    EXPECT_STREQ(e.what(), "regex: missing closing parenthesis at offset 4");
  }
}

TEST(RegexPatternTest, RecordsGroupNames) {
  auto pattern = CompiledPattern::compile("/(?<year>\\d+)-(\\d+)-(?<day>\\d+)/");
  ASSERT_EQ(pattern->group_count(), 4u);
  EXPECT_EQ(pattern->group_name(0), "");
  EXPECT_EQ(pattern->group_name(1), "year");
  EXPECT_EQ(pattern->group_name(2), "");
  EXPECT_EQ(pattern->group_name(3), "day");
  EXPECT_TRUE(pattern->owns_name(1));
  EXPECT_FALSE(pattern->owns_name(2));
  EXPECT_FALSE(pattern->utf());
  EXPECT_TRUE(CompiledPattern::compile("/x/u")->utf());
}

TEST(RegexPatternTest, DuplicateNamesBelongToTheHighestGroup) {
  auto pattern = CompiledPattern::compile("/(?<n>a)|(?<n>b)/J");
  EXPECT_EQ(pattern->group_name(1), "n");
  EXPECT_EQ(pattern->group_name(2), "n");
  EXPECT_FALSE(pattern->owns_name(1));
  EXPECT_TRUE(pattern->owns_name(2));
}

TEST(RegexCacheTest, ReturnsTheSameCompiledPatternOnAHit) {
  PatternCache cache(4);
  auto first = cache.get("/a+/");
  EXPECT_EQ(cache.get("/a+/"), first);
  EXPECT_NE(cache.get("/a+/i"), first);  // modifiers are part of the key
  EXPECT_EQ(cache.size(), 2u);
}

TEST(RegexCacheTest, EvictsTheLeastRecentlyUsedPattern) {
  PatternCache cache(2);
  auto a = cache.get("/a/");
  auto b = cache.get("/b/");
  EXPECT_EQ(cache.get("/a/"), a);  // a is now the most recent
  cache.get("/c/");                // evicts b
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.get("/a/"), a);
  EXPECT_NE(cache.get("/b/"), b);  // recompiled
  // The evicted instance is still usable by whoever holds it.
  EXPECT_EQ(b->group_count(), 1u);
}

TEST(RegexCacheTest, DoesNotCacheBadPatterns) {
  PatternCache cache(2);
  EXPECT_THROW(cache.get("/(/"), RegexError);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace kosmo::lua
