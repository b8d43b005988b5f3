// regex.* as scripts see it: each test runs Lua snippets in a fresh state with the library
// installed as the global `regex`.
#include "lib/lua/regex_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace kosmo::lua {
namespace {

// Deterministic rendering of results: tables with sorted keys (numbers first), strings %q'd.
constexpr const char* kShow = R"lua(
function show(v)
  if type(v) ~= 'table' then
    return type(v) == 'string' and string.format('%q', v) or tostring(v)
  end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) == 'number'
  end)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. '=' .. show(v[k]) end
  return '{' .. table.concat(parts, ',') .. '}'
end
)lua";

class RegexLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    L_ = luaL_newstate();
    luaL_openlibs(L_);
    push_regex_library(L_);
    lua_setglobal(L_, "regex");
    ASSERT_EQ(luaL_dostring(L_, kShow), LUA_OK);
  }
  void TearDown() override { lua_close(L_); }

  // Runs `chunk` and returns show() of its first result, or "error: <message>".
  std::string eval(const std::string& chunk) {
    std::string code = "return show((function() " + chunk + " end)())";
    if (luaL_loadstring(L_, code.c_str()) != LUA_OK || lua_pcall(L_, 0, 1, 0) != LUA_OK) {
      std::string message = std::string("error: ") + lua_tostring(L_, -1);
      lua_pop(L_, 1);
      return message;
    }
    std::string result = lua_tostring(L_, -1);
    lua_pop(L_, 1);
    return result;
  }

  lua_State* L_ = nullptr;
};

TEST_F(RegexLibraryTest, MatchReturnsWholeMatchAndGroups) {
  EXPECT_EQ(eval(R"(return regex.match("id ab-12 x", [[/(\w+)-(\d+)/]]))"),
            R"({0="ab-12",1="ab",2="12"})");
}

TEST_F(RegexLibraryTest, MatchExposesNamedGroupsByNameToo) {
  EXPECT_EQ(eval(R"(return regex.match("ab-12", [[/(?<word>\w+)-(?<num>\d+)/]]))"),
            R"({0="ab-12",1="ab",2="12",num="12",word="ab"})");
}

TEST_F(RegexLibraryTest, MatchReturnsNilWithoutAMatch) {
  EXPECT_EQ(eval(R"(return regex.match("abc", "/\\d/"))"), "nil");
}

TEST_F(RegexLibraryTest, UnsetGroupsAreEmptyAndTrailingOnesAbsentLikePhp) {
  EXPECT_EQ(eval(R"(return regex.match("ab", "/(a)(x)?(b)/"))"), R"({0="ab",1="a",2="",3="b"})");
  EXPECT_EQ(eval(R"(return regex.match("a", "/(a)(x)?/"))"), R"({0="a",1="a"})");
}

// The offset moved from the third argument to the fourth: the third is KosmoKrator's flags.
TEST_F(RegexLibraryTest, MatchTakesAZeroBasedByteOffsetAfterTheFlags) {
  EXPECT_EQ(eval(R"(return regex.match("a1b2", "/\\d/", 0, 2)[0])"), R"("2")");
  EXPECT_EQ(eval(R"(return regex.match("a1b2", "/\\d/", nil, -1)[0])"), R"("2")");
  EXPECT_EQ(eval(R"(return regex.match("a1b2", "/\\d/", 0, -99)[0])"), R"("1")");
  EXPECT_EQ(eval(R"(return regex.match("a1b2", "/\\d/", 0, 4))"), "nil");
  EXPECT_EQ(eval(R"(return regex.match("a1b2", "/\\d/", 0, 5))"),
            "error: regex.match: bad argument #4 (offset out of range)");
}

TEST_F(RegexLibraryTest, MatchTakesKosmoKratorsFlags) {
  EXPECT_EQ(eval(R"(return regex.match("xab", "/(a)(q)?(b)/", regex.PREG_OFFSET_CAPTURE))"),
            R"({0={1="ab",2=1},1={1="a",2=1},2={1="",2=-1},3={1="b",2=2}})");
  EXPECT_EQ(eval(R"(return regex.match("a", "/(?<n>a)(x)?/", 512))"), R"({0="a",1="a",n="a"})");
  EXPECT_EQ(eval(R"(return regex.match("a", "/(a)(x)?/", 768))"),
            R"({0={1="a",2=0},1={1="a",2=0},2={1=userdata: (nil),2=-1}})");  // json.null
  // Any other value is 0 for preg_match, as KosmoKrator maps it.
  EXPECT_EQ(eval(R"(return regex.match("ab", "/b/", 2))"), R"({0="b"})");
  EXPECT_EQ(eval(R"(return regex.match("ab", "/b/", 257))"), R"({0="b"})");
}

TEST_F(RegexLibraryTest, MatchAllTakesPhpOrders) {
  EXPECT_EQ(eval(R"(return regex.match_all("a1 b", [[/(\w)(\d)?/]], regex.PREG_SET_ORDER))"),
            R"({1={0="a1",1="a",2="1"},2={0="b",1="b"}})");
  EXPECT_EQ(eval(R"(return regex.match_all("a1", [[/(\d)/]], 1 + 256))"),
            R"({0={1={1="1",2=1}},1={1={1="1",2=1}}})");
  EXPECT_EQ(eval(R"(return regex.match_all("b", [[/(a)?b/]], 2 + 512))"), R"({1={0="b"}})");
  EXPECT_EQ(eval(R"(return regex.match_all("b", [[/(a)?b/]], 512))"),
            R"({0={1="b"},1={1=userdata: (nil)}})");  // json.null
  EXPECT_EQ(eval(R"(return regex.match_all("a", "/a/", 3))"),
            "error: regex.match_all: preg_match_all(): Argument #4 ($flags) must be a PREG_* "
            "constant");
}

TEST_F(RegexLibraryTest, MatchAllUsesPatternOrder) {
  EXPECT_EQ(eval(R"(return regex.match_all("a1 b2 c", [[/(\w)(\d)/]]))"),
            R"({0={1="a1",2="b2"},1={1="a",2="b"},2={1="1",2="2"}})");
}

TEST_F(RegexLibraryTest, MatchAllPadsUnsetGroupsAndNamesThem) {
  EXPECT_EQ(eval(R"(return regex.match_all("a1 b", [[/(?<l>\w)(?<d>\d)?/]]))"),
            R"({0={1="a1",2="b"},1={1="a",2="b"},2={1="1",2=""},d={1="1",2=""},)"
            R"(l={1="a",2="b"}})");
}

TEST_F(RegexLibraryTest, MatchAllNameListIsNotAnAliasOfTheNumberedList) {
  EXPECT_EQ(eval(R"(local m = regex.match_all("ab", [[/(?<c>\w)/]])
                    m[1][1] = "changed" return m.c[1])"),
            R"("a")");
}

TEST_F(RegexLibraryTest, MatchAllReturnsAnEmptyTableWithoutMatches) {
  EXPECT_EQ(eval(R"(return regex.match_all("abc", "/(\\d)/"))"), "{}");
}

TEST_F(RegexLibraryTest, MatchAllHonoursTheOffset) {
  EXPECT_EQ(eval(R"(return regex.match_all("1 2 3", "/\\d/", 0, 1)[0])"), R"({1="2",2="3"})");
}

TEST_F(RegexLibraryTest, EmptyMatchesAdvanceLikePhp) {
  EXPECT_EQ(eval(R"(return regex.match_all("abc", "/x*/")[0])"), R"({1="",2="",3="",4=""})");
  EXPECT_EQ(eval(R"(return regex.match_all("xax", "/x*/")[0])"), R"({1="x",2="",3="x",4=""})");
  EXPECT_EQ(eval(R"(return regex.gsub("abc", "/x*/", "-"))"), R"("-a-b-c-")");
  EXPECT_EQ(eval(R"(return regex.gsub("xa", "/x*/", "-"))"), R"("--a-")");
}

TEST_F(RegexLibraryTest, EmptyMatchesStepWholeCharactersInUtf8Mode) {
  EXPECT_EQ(eval(R"(return #regex.match_all("h\u{E9}llo", "/x*/u")[0])"), "6");
  EXPECT_EQ(eval(R"(return #regex.match_all("h\u{E9}llo", "/x*/")[0])"), "7");
  EXPECT_EQ(eval(R"(return regex.gsub("h\u{E9}!", "//u", "-") == "-h-\u{E9}-!-")"), "true");
}

TEST_F(RegexLibraryTest, GsubExpandsAllReferenceForms) {
  EXPECT_EQ(
      eval(R"(return regex.gsub("2024-01-15", [[/(\d+)-(\d+)-(\d+)/]], [[$3/${2}/\1 ($0)]]))"),
      R"x("15/01/2024 (2024-01-15)")x");
  EXPECT_EQ(eval(R"(return regex.gsub("a", "/(a)/", "${1}0|$10|$2|"))"), R"("a0|||")");
  EXPECT_EQ(eval(R"(return regex.gsub("a", "/(a)/", [[\\1 \$1 100$]]))"), R"("\\1 $1 100$")");
}

// KosmoKrator's gsub returns preg_replace's string only (kosmo used to add a count).
TEST_F(RegexLibraryTest, GsubReturnsOnlyTheStringAndHonoursTheLimit) {
  EXPECT_EQ(eval(R"(return {regex.gsub("a b c", "/\\w/", "x")})"), R"({1="x x x"})");
  EXPECT_EQ(eval(R"(return {regex.gsub("a b c", "/\\w/", "x", 2)})"), R"({1="x x c"})");
  EXPECT_EQ(eval(R"(return {regex.gsub("a b c", "/\\w/", "x", 0)})"), R"({1="a b c"})");
  EXPECT_EQ(eval(R"(return {regex.gsub("a b c", "/\\w/", "x", -1)})"), R"({1="x x x"})");
  EXPECT_EQ(eval(R"(return {regex.gsub("abc", "/\\d/", "x")})"), R"({1="abc"})");
}

TEST_F(RegexLibraryTest, GsubAcceptsAFunction) {
  EXPECT_EQ(eval(R"(return regex.gsub("a1 b2", [[/(?<l>\w)(\d)/]],
                                      function(m) return m[2] .. m.l end))"),
            R"("1a 2b")");
  EXPECT_EQ(eval(R"(return regex.gsub("a1 b2", "/\\d/",
                                      function(m) if m[0] == "1" then return 9 end end))"),
            R"("a9 b2")");
  EXPECT_EQ(eval(R"(return regex.gsub("a", "/a/", function() return {} end))"),
            "error: regex.gsub: invalid replacement value (a table)");
  EXPECT_EQ(eval(R"(local ok, e = pcall(regex.gsub, "a", "/a/", function() error("boom", 0) end)
                    return e)"),
            R"("boom")");
}

TEST_F(RegexLibraryTest, ModifiersChangeMatching) {
  EXPECT_EQ(eval(R"(return regex.match("ABC", "/b/i")[0])"), R"("B")");
  EXPECT_EQ(eval(R"(return #regex.match_all("a\nb", "/^\\w$/m")[0])"), "2");
  EXPECT_EQ(eval(R"(return regex.match("a\nb", "/a.b/"))"), "nil");
  EXPECT_EQ(eval(R"(return regex.match("a\nb", "/a.b/s")[0])"), R"("a\
b")");
  EXPECT_EQ(eval(R"(return regex.match("ab", "/ a  b # comment/x")[0])"), R"("ab")");
  EXPECT_EQ(eval(R"(return regex.match("aaa", "/a+/U")[0])"), R"("a")");
  EXPECT_EQ(eval(R"(return regex.match("a\n", "/a$/")[0])"), R"("a")");
  EXPECT_EQ(eval(R"(return regex.match("a\n", "/a$/D"))"), "nil");
  EXPECT_EQ(eval(R"(return regex.match("ba", "/a/A"))"), "nil");
  EXPECT_EQ(eval(R"(return regex.match("ab", "/(a)(?<x>b)/n"))"), R"({0="ab",1="b",x="b"})");
  EXPECT_EQ(eval(R"(return regex.match("b", "/(?<n>a)|(?<n>b)/J").n)"), R"("b")");
}

TEST_F(RegexLibraryTest, AcceptsOtherDelimiters) {
  EXPECT_EQ(eval(R"(return regex.match("x/y", "#x/(y)#")[1])"), R"("y")");
  EXPECT_EQ(eval(R"(return regex.match("aa", "{a{2}}")[0])"), R"("aa")");
  EXPECT_EQ(eval(R"(return regex.match("AB", "(a(b))i")[1])"), R"("B")");
  EXPECT_EQ(eval(R"(return regex.match("x/y", "/x\\/y/")[0])"), R"("x/y")");
}

TEST_F(RegexLibraryTest, Utf8ModeMatchesCharacters) {
  EXPECT_EQ(eval(R"(return regex.match("h\u{E9}llo", "/^h(.)/u")[1] == "\u{E9}")"), "true");
  EXPECT_EQ(eval(R"(return regex.match("h\u{E9}llo", "/^h(.)/")[1] == "\xC3")"), "true");
  EXPECT_EQ(eval(R"(return regex.match("\u{C9}t\u{E9}", "/^\\w+$/iu") ~= nil)"), "true");
}

TEST_F(RegexLibraryTest, InvalidUtf8SubjectErrorsInUtf8Mode) {
  EXPECT_EQ(eval(R"(return regex.match("a\xFFb", "/b/u"))"),
            "error: regex: malformed UTF-8 in subject at offset 1");
  EXPECT_EQ(eval(R"(return regex.match("a\xFFb", "/b/")[0])"), R"("b")");  // bytes without /u
  EXPECT_EQ(eval(R"(return regex.match("\u{E9}", "/./u", 0, 1))"),
            "error: regex: offset is not at the start of a UTF-8 character");
}

TEST_F(RegexLibraryTest, SubjectsAndPatternsAreBinarySafe) {
  EXPECT_EQ(eval(R"(return regex.match("a\0b", "/a\0b/")[0] == "a\0b")"), "true");
  EXPECT_EQ(eval(R"(return regex.match("12345", "/3(4)/")[1])"), R"("4")");
}

TEST_F(RegexLibraryTest, PatternErrorsAreLuaErrors) {
  EXPECT_EQ(eval(R"(return regex.match("a", "/(abc/"))"),
            "error: regex: missing closing parenthesis at offset 4");
  EXPECT_EQ(eval(R"(return regex.match("a", "/a/q"))"), "error: regex: unknown modifier 'q'");
  EXPECT_EQ(eval(R"(return regex.gsub("a", "/a", ""))"),
            "error: regex: no ending delimiter '/' found");
  EXPECT_EQ(eval(R"(return regex.match_all("a", "a"))"),
            "error: regex: delimiter must not be alphanumeric, backslash, or NUL");
  EXPECT_EQ(eval(R"(return pcall(regex.match, "a", "/(/"))"), "false");
}

// Subject, pattern and replacement: KosmoKrator's checks and messages (numbers are refused).
TEST_F(RegexLibraryTest, ArgumentErrorsNameTheFunction) {
  EXPECT_THAT(eval(R"(return regex.match(nil, "/a/"))"),
              ::testing::EndsWith(":1: regex.match: expected string subject, got nil"));
  EXPECT_THAT(eval(R"(return regex.match(12345, "/3/"))"),
              ::testing::EndsWith(":1: regex.match: expected string subject, got number"));
  EXPECT_THAT(eval(R"(return regex.match_all("a"))"),
              ::testing::EndsWith(":1: regex.match_all: expected string pattern, got no value"));
  EXPECT_EQ(eval(R"(return regex.match("a", "/a/", "1"))"),
            "error: regex.match: bad argument #3 (number expected, got string)");
  EXPECT_EQ(eval(R"(return regex.match("a", "/a/", 1.5))"),
            "error: regex.match: bad argument #3 (number has no integer representation)");
  EXPECT_THAT(eval(R"(return regex.gsub("a", "/a/", {}))"),
              ::testing::EndsWith(":1: regex.gsub: expected string replacement, got table"));
  EXPECT_THAT(eval(R"(return regex.gsub("a", "/a/", 1))"),
              ::testing::EndsWith(":1: regex.gsub: expected string replacement, got number"));
  EXPECT_EQ(eval(R"(return regex.gsub("a", "/a/", "b", "x"))"),
            "error: regex.gsub: bad argument #4 (number expected, got string)");
}

// Nested quantifiers backtrack exponentially; the match limit must stop them with an error.
constexpr const char* kCatastrophicSubject = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!";

TEST_F(RegexLibraryTest, CatastrophicBacktrackingErrorsInsteadOfHanging) {
  std::string subject = std::string("\"") + kCatastrophicSubject + "\"";
  const std::string expected = "error: regex: backtracking limit exceeded";
  EXPECT_EQ(eval("return regex.match(" + subject + ", '/(a+)+$/')"), expected);
  EXPECT_EQ(eval("return regex.match_all(" + subject + ", '/(a+)+$/')"), expected);
  EXPECT_EQ(eval("return regex.gsub(" + subject + ", '/(a+)+$/', '')"), expected);
  // The state stays usable afterwards.
  EXPECT_EQ(eval(R"(return regex.match("aa", "/(a+)+$/")[0])"), R"("aa")");
}

TEST_F(RegexLibraryTest, DeepButLinearPatternsFallBackFromJitToTheInterpreter) {
  // Each repetition of the group is a backtracking point. 40000 of them overflow the JIT stack
  // (kRegexJitStackMaxBytes); the interpreter then finishes the match within the depth limit.
  EXPECT_EQ(eval(R"(return #regex.match(string.rep("ab", 20000), "/^(a|b)*$/")[0])"), "40000");
  // Far beyond the depth limit the interpreter gives up too, with the same error.
  EXPECT_EQ(eval(R"(return regex.match(string.rep("ab", 100000), "/^(a|b)*$/"))"),
            "error: regex: backtracking limit exceeded");
}

TEST_F(RegexLibraryTest, CompiledPatternsAreReusedAcrossCalls) {
  EXPECT_EQ(eval(R"(local n = 0
                    for i = 1, 200 do
                      n = n + #regex.match_all("a1b2", "/\\d/")[0]
                      regex.match("x", "/" .. (i % 100) .. "/")
                    end
                    return n)"),
            "400");
}

}  // namespace
}  // namespace kosmo::lua
