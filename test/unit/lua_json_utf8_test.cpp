#include <gtest/gtest.h>

#include <string>

#include "lib/common/utf8.h"
#include "lib/lua/lua_json.h"

namespace kosmo::lua {
namespace {

std::string repaired(std::string_view in) {
  std::string out = "<";
  append_valid_utf8(in, out);
  return out + ">";
}

TEST(LuaJsonUtf8Test, KeepsValidText) {
  EXPECT_EQ(repaired(""), "<>");
  EXPECT_EQ(repaired("plain ascii, long enough for the word loop"),
            "<plain ascii, long enough for the word loop>");
  EXPECT_EQ(repaired(std::string("a\0b", 3)), std::string("<a\0b>", 5));
  EXPECT_EQ(repaired("é € 😀 \xF4\x8F\xBF\xBF \xEF\xBF\xBF"),
            "<é € 😀 \xF4\x8F\xBF\xBF \xEF\xBF\xBF>");
}

TEST(LuaJsonUtf8Test, ReplacesEachMaximalInvalidSubsequence) {
  EXPECT_EQ(repaired("a\xFF"
                     "b"),
            "<a\uFFFDb>");
  EXPECT_EQ(repaired("\x80\x80"), "<\uFFFD\uFFFD>");  // lone continuation bytes
  EXPECT_EQ(repaired("\xE2\x82"), "<\uFFFD>");        // truncated 3-byte sequence
  EXPECT_EQ(repaired("\xE2\x82"
                     "x"),
            "<\uFFFDx>");
  EXPECT_EQ(repaired("\xF0\x9F\x98"), "<\uFFFD>");              // truncated 4-byte sequence
  EXPECT_EQ(repaired("\xC0\xAF"), "<\uFFFD\uFFFD>");            // overlong '/'
  EXPECT_EQ(repaired("\xE0\x80\xAF"), "<\uFFFD\uFFFD\uFFFD>");  // overlong, 3 bytes
  EXPECT_EQ(repaired("\xED\xA0\x80"), "<\uFFFD\uFFFD\uFFFD>");  // UTF-16 surrogate
  EXPECT_EQ(repaired("\xF4\x90\x80\x80"), "<\uFFFD\uFFFD\uFFFD\uFFFD>");  // > U+10FFFF
  EXPECT_EQ(repaired("\xF5\x80"), "<\uFFFD\uFFFD>");
  EXPECT_EQ(repaired("0123456789\xFE"
                     "abcdefgh"),
            "<0123456789\uFFFDabcdefgh>");
}

class LuaJsonUtf8EncodeTest : public ::testing::Test {
 protected:
  LuaJsonUtf8EncodeTest() : L(luaL_newstate()) {
    luaL_openlibs(L);
    install_json_support(L);
  }
  ~LuaJsonUtf8EncodeTest() override { lua_close(L); }

  // Encodes the value `code` returns.
  bool encode(const char* code, bool lenient, std::string& out, std::string& error) {
    EXPECT_EQ(luaL_dostring(L, code), LUA_OK);
    EncodeOptions options;
    options.lenient = lenient;
    const bool ok = encode_to_text(L, -1, options, out, error);
    lua_pop(L, 1);
    return ok;
  }

  lua_State* L;
};

TEST_F(LuaJsonUtf8EncodeTest, StrictModeNamesThePath) {
  std::string out, error;
  EXPECT_FALSE(encode("return {a = {'ok', 'bad\\xff'}}", false, out, error));
  EXPECT_EQ(error, "json.encode: invalid UTF-8 in string at $.a[2]");
  EXPECT_FALSE(encode("return {x = {['k\\xc0'] = 1}}", false, out, error));
  EXPECT_EQ(error, "json.encode: invalid UTF-8 in object key at $.x");
  EXPECT_FALSE(encode("return {['a\"b'] = {1, 0/0}}", false, out, error));
  EXPECT_EQ(error, R"(json.encode: cannot encode NaN at $["a\"b"][2])");
}

TEST_F(LuaJsonUtf8EncodeTest, LenientModeReplaces) {
  std::string out, error;
  ASSERT_TRUE(encode("return {['k\\xff'] = 'v\\xed\\xa0\\x80w'}", true, out, error));
  EXPECT_EQ(out, "{\"k\uFFFD\":\"v\uFFFD\uFFFD\uFFFDw\"}");
}

}  // namespace
}  // namespace kosmo::lua
