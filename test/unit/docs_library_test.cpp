#include "lib/lua/docs_library.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace kosmo::lua {
namespace {

using ::testing::HasSubstr;

class OnePageSource : public DocSource {
 public:
  std::optional<std::string> read(std::string_view page) const override {
    if (page == "json") return "# json\n\nEncode and decode JSON.\n";
    return std::nullopt;
  }
  std::vector<DocEntry> entries() const override {
    return {{"json", "Encode and decode JSON.", "Guides"}};
  }
};

class DocsLibraryTest : public ::testing::Test {
 protected:
  DocsLibraryTest() : L_(luaL_newstate()) {
    registry_.add(std::make_shared<OnePageSource>());
    luaL_openlibs(L_);
    push_docs_library(L_, &registry_);
    lua_getfield(L_, -1, "read");
    lua_setglobal(L_, "lua_read_doc");
    lua_setglobal(L_, "docs");
  }
  ~DocsLibraryTest() override { lua_close(L_); }

  // Runs `code` and returns its single string result, or "error: <message>".
  std::string run(const std::string& code) {
    if (luaL_loadbuffer(L_, code.data(), code.size(), "=test") != LUA_OK ||
        lua_pcall(L_, 0, 1, 0) != LUA_OK) {
      std::string message = "error: " + std::string(lua_tostring(L_, -1));
      lua_pop(L_, 1);
      return message;
    }
    std::string result = lua_type(L_, -1) == LUA_TSTRING ? lua_tostring(L_, -1) : "<not a string>";
    lua_pop(L_, 1);
    return result;
  }

  DocRegistry registry_;
  lua_State* L_;
};

TEST_F(DocsLibraryTest, ReadReturnsPages) {
  EXPECT_EQ(run("return docs.read('json')"), "# json\n\nEncode and decode JSON.\n");
  EXPECT_EQ(run("return docs.read(' JSON ')"), "# json\n\nEncode and decode JSON.\n");
}

TEST_F(DocsLibraryTest, ReadWithoutPageGivesTheIndex) {
  const std::string index = registry_.read("");
  EXPECT_EQ(run("return docs.read()"), index);
  EXPECT_EQ(run("return docs.read(nil)"), index);
  EXPECT_EQ(run("return docs.read('')"), index);
  EXPECT_EQ(run("return docs.read('index')"), index);
}

TEST_F(DocsLibraryTest, UnknownPageIsAnAnswerNotAnError) {
  EXPECT_EQ(run("return docs.read('jsno')"), "No docs found for 'jsno'. Did you mean: json?");
}

TEST_F(DocsLibraryTest, ListAndSearch) {
  EXPECT_THAT(run("return docs.list()"),
              HasSubstr("## Guides\n\n- json — Encode and decode JSON."));
  EXPECT_EQ(run("return docs.search('decode')"), "json - Encode and decode JSON.");
  EXPECT_EQ(run("return docs.search('weather')"), "No docs match 'weather'.");
}

TEST_F(DocsLibraryTest, LuaReadDocIsAnAliasOfRead) {
  EXPECT_EQ(run("return lua_read_doc('json')"), run("return docs.read('json')"));
  EXPECT_EQ(run("return tostring(lua_read_doc == docs.read)"), "true");
}

TEST_F(DocsLibraryTest, NonStringArgumentsAreArgumentErrors) {
  EXPECT_THAT(run("return docs.read(42)"), HasSubstr("bad argument #1 to 'read'"));
  EXPECT_THAT(run("return docs.read({})"), HasSubstr("string expected, got table"));
  EXPECT_THAT(run("return docs.search()"), HasSubstr("bad argument #1 to 'search'"));
  EXPECT_THAT(run("return docs.search(true)"), HasSubstr("string expected, got boolean"));
}

TEST_F(DocsLibraryTest, ArgumentErrorsAreCatchableWithPcall) {
  EXPECT_EQ(run("local ok = pcall(docs.read, 1) return tostring(ok)"), "false");
}

TEST_F(DocsLibraryTest, FunctionsWorkWhenCopiedOutOfTheTable) {
  EXPECT_EQ(run("local read = docs.read docs = nil return read('json')"),
            "# json\n\nEncode and decode JSON.\n");
}

}  // namespace
}  // namespace kosmo::lua
