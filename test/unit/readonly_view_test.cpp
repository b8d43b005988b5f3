// Read-only views (lib/lua/readonly_view.h): reads behave as on the table shown, every
// assignment fails at any depth, and the raw conversions (json, display) see the data.
#include "lib/lua/readonly_view.h"

#include <gtest/gtest.h>

#include <string>

#include "lua_json_test_state.h"

namespace kosmo::lua {
namespace {

class ReadOnlyViewTest : public ::testing::Test {
 protected:
  ReadOnlyViewTest() : L(new_json_test_state()) {
    // The view lives in the global `v`; the table it shows is built by Lua code.
    EXPECT_EQ(luaL_dostring(L, "return {name = 'ops', ids = {10, 20}, nested = {deep = {x = 1}}}"),
              LUA_OK);
    push_readonly_view(L, "v");
    lua_setglobal(L, "v");
  }
  ~ReadOnlyViewTest() override { lua_close(L); }

  // Runs `code` and returns its single result as a string, or the error message.
  std::string eval(const std::string& code) {
    if (luaL_dostring(L, code.c_str()) != LUA_OK) {
      std::string message = lua_tostring(L, -1);
      lua_pop(L, 1);
      return "error: " + message;
    }
    std::string result = luaL_tolstring(L, -1, nullptr);
    lua_pop(L, 2);
    return result;
  }

  lua_State* L;
};

TEST_F(ReadOnlyViewTest, ReadsLengthAndIterationSeeTheTable) {
  EXPECT_EQ(eval("return v.name"), "ops");
  EXPECT_EQ(eval("return #v.ids"), "2");
  EXPECT_EQ(eval("local s = 0; for _, id in ipairs(v.ids) do s = s + id end; return s"), "30");
  EXPECT_EQ(eval("local n = 0; for k in pairs(v) do n = n + 1 end; return n"), "3");
  EXPECT_EQ(eval("return v.nested.deep.x"), "1");
  EXPECT_EQ(eval("return table.concat(v.ids, ',')"), "10,20");
}

TEST_F(ReadOnlyViewTest, EveryAssignmentFailsAtAnyDepth) {
  for (const char* code : {"v.name = 'x'", "v.other = 1", "v.ids[1] = 0", "v.nested.deep.x = 2",
                           "table.insert(v.ids, 30)",
                           "for _, t in pairs(v) do if type(t) == 'table' then t.k = 1 end end"}) {
    EXPECT_NE(eval(code).find("v is read-only"), std::string::npos) << code;
  }
  EXPECT_EQ(eval("return v.ids[1] .. v.nested.deep.x .. v.name"), "101ops");
}

TEST_F(ReadOnlyViewTest, TheMetatableCannotBeReadOrReplaced) {
  EXPECT_EQ(eval("return getmetatable(v)"), "read-only");
  EXPECT_NE(eval("setmetatable(v, nil)").find("protected metatable"), std::string::npos);
}

TEST_F(ReadOnlyViewTest, JsonAndDisplaySeeTheData) {
  EXPECT_EQ(eval("return json.encode(v)"),
            R"({"ids":[10,20],"name":"ops","nested":{"deep":{"x":1}}})");
  lua_getglobal(L, "v");
  lua_getfield(L, -1, "ids");
  EXPECT_EQ(render_for_display(L, -1), "[\n  10,\n  20\n]");
  lua_pop(L, 2);
}

TEST_F(ReadOnlyViewTest, TargetOnlyForViews) {
  lua_getglobal(L, "v");
  ASSERT_TRUE(push_view_target(L, -1));
  EXPECT_EQ(lua_getfield(L, -1, "name"), LUA_TSTRING);  // the real table holds the data raw
  lua_pop(L, 3);
  lua_newtable(L);
  EXPECT_FALSE(push_view_target(L, -1));
  lua_pushinteger(L, 1);
  EXPECT_FALSE(push_view_target(L, -1));
  lua_pop(L, 2);
  EXPECT_EQ(lua_gettop(L), 0);
}

}  // namespace
}  // namespace kosmo::lua
