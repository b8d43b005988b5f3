#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "lib/lua/lua_json.h"

namespace kosmo::lua {
namespace {

using ::testing::HasSubstr;

class LuaJsonDisplayTest : public ::testing::Test {
 protected:
  LuaJsonDisplayTest() : L(luaL_newstate()) {
    luaL_openlibs(L);
    install_json_support(L);
    push_json_library(L);
    lua_setglobal(L, "json");
  }
  ~LuaJsonDisplayTest() override { lua_close(L); }

  // Renders the first value `code` returns.
  std::string render(const std::string& code) {
    const int top = lua_gettop(L);
    if (luaL_loadstring(L, code.c_str()) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
      ADD_FAILURE() << code << "\n  raised: " << lua_tostring(L, -1);
      lua_settop(L, top);
      return {};
    }
    std::string text = render_for_display(L, -1);
    EXPECT_EQ(lua_gettop(L), top + 1) << "render_for_display changed the stack";
    lua_settop(L, top);
    return text;
  }

  lua_State* L;
};

TEST_F(LuaJsonDisplayTest, RendersScalarsLikeTostring) {
  EXPECT_EQ(render("return nil"), "nil");
  EXPECT_EQ(render("return true"), "true");
  EXPECT_EQ(render("return false"), "false");
  EXPECT_EQ(render("return 42"), "42");
  EXPECT_EQ(render("return math.mininteger"), "-9223372036854775808");
  EXPECT_EQ(render("return 1.5"), "1.5");
  EXPECT_EQ(render("return 1.0"), "1.0");
  EXPECT_EQ(render("return 1e100"), "1e+100");
  EXPECT_EQ(render("return math.huge"), "inf");
  EXPECT_EQ(render("return json.null"), "null");
}

TEST_F(LuaJsonDisplayTest, RendersStringsRaw) {
  EXPECT_EQ(render("return 'a \"quoted\" \\n line'"), "a \"quoted\" \n line");
  EXPECT_EQ(render("return 'bad \\xff kept'"), "bad \xff kept");
}

// KosmoKrator's __serialize shows non-tables with Lua's own tostring (was "<function>" etc.).
TEST_F(LuaJsonDisplayTest, RendersOtherTypesWithLuaTostring) {
  EXPECT_THAT(render("return print"), ::testing::StartsWith("function: "));
  EXPECT_THAT(render("return coroutine.create(print)"), ::testing::StartsWith("thread: "));
  EXPECT_THAT(render("return io.stdout"), ::testing::StartsWith("file ("));
}

// KosmoKrator's text format (was sorted pretty JSON): keys and strings unquoted, two spaces
// per level, "{}" for any empty table; kosmo keeps its key order deterministic.
TEST_F(LuaJsonDisplayTest, RendersTablesInKosmoKratorTextFormat) {
  EXPECT_EQ(render("return {b = 1, a = {1, 2}}"), "{\n  a: [\n    1,\n    2\n  ],\n  b: 1\n}");
  EXPECT_EQ(render("return {}"), "{}");
  EXPECT_EQ(render("return json.array()"), "{}");
  EXPECT_EQ(render("local t = {name = 'loop'} t.self = t return t"),
            "{\n  name: loop,\n  self: <circular>\n}");
  EXPECT_EQ(render("return {i = -math.huge, [true] = 'yes', [2] = 'two', [10] = 'ten', s = 'x'}"),
            "{\n  2: two,\n  10: ten,\n  i: -inf,\n  s: x,\n  true: yes\n}");
  EXPECT_EQ(render("return {'bad\\xff', json.null}"), "[\n  bad\xff,\n  null\n]");
}

// Only a cycle is "<circular>"; a table reached twice by different paths shows both times.
TEST_F(LuaJsonDisplayTest, ShowsSharedTablesInFull) {
  EXPECT_EQ(render("local s = {1} return {a = s, b = s}"),
            "{\n  a: [\n    1\n  ],\n  b: [\n    1\n  ]\n}");
}

TEST_F(LuaJsonDisplayTest, TruncatesDeepTablesInsteadOfFailing) {
  luaL_dostring(L, "local t = {} for i = 1, 600 do t = {t} end return t");
  const std::string text = render_for_display(L, -1);
  lua_pop(L, 1);
  EXPECT_THAT(text, HasSubstr("<too deep>"));
}

TEST_F(LuaJsonDisplayTest, UsesTostringMetamethod) {
  EXPECT_EQ(render("return setmetatable({}, {__tostring = function() return 'custom' end})"),
            "custom");
  // A raising __tostring propagates as a Lua error (caught here by pcall).
  lua_pushcfunction(L, [](lua_State* L) {
    render_for_display(L, 1);
    return 0;
  });
  luaL_dostring(L, "return setmetatable({}, {__tostring = function() error('boom', 0) end})");
  ASSERT_NE(lua_pcall(L, 1, 0, 0), LUA_OK);
  EXPECT_STREQ(lua_tostring(L, -1), "boom");
  lua_pop(L, 1);
}

}  // namespace
}  // namespace kosmo::lua
