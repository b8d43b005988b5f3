#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/writer.h>

#include <string>

#include "lib/lua/lua_json.h"
#include "test/unit/lua_json_test_state.h"

namespace kosmo::lua {
namespace {

using ::testing::HasSubstr;

class LuaJsonEncodeTest : public ::testing::Test {
 protected:
  LuaJsonEncodeTest() : L(new_json_test_state()) {}
  ~LuaJsonEncodeTest() override { lua_close(L); }

  // Runs `code` and returns its (string) result; a Lua error fails the test.
  std::string run(const std::string& code) {
    const int top = lua_gettop(L);
    if (luaL_dostring(L, code.c_str()) != LUA_OK) {
      ADD_FAILURE() << code << "\n  raised: " << lua_tostring(L, -1);
      lua_settop(L, top);
      return {};
    }
    size_t length = 0;
    const char* text = lua_tolstring(L, top + 1, &length);
    std::string result = text ? std::string(text, length) : "<not a string>";
    lua_settop(L, top);
    return result;
  }

  // Runs `code`, which must raise, and returns the error message.
  std::string run_error(const std::string& code) {
    const int top = lua_gettop(L);
    if (luaL_dostring(L, code.c_str()) == LUA_OK) {
      ADD_FAILURE() << code << "\n  did not raise";
      lua_settop(L, top);
      return {};
    }
    std::string message = lua_tostring(L, -1);
    lua_settop(L, top);
    return message;
  }

  lua_State* L;
};

TEST_F(LuaJsonEncodeTest, EncodesScalars) {
  EXPECT_EQ(run("return json.encode(nil)"), "null");
  EXPECT_EQ(run("return json.encode(json.null)"), "null");
  EXPECT_EQ(run("return json.encode(true)"), "true");
  EXPECT_EQ(run("return json.encode(false)"), "false");
  EXPECT_EQ(run("return json.encode(42)"), "42");
  EXPECT_EQ(run("return json.encode(-7)"), "-7");
  EXPECT_EQ(run("return json.encode(1.5)"), "1.5");
  EXPECT_EQ(run("return json.encode('hi')"), "\"hi\"");
}

TEST_F(LuaJsonEncodeTest, KeepsIntegersExactAndFloatsDistinguishable) {
  EXPECT_EQ(run("return json.encode(math.maxinteger)"), "9223372036854775807");
  EXPECT_EQ(run("return json.encode(math.mininteger)"), "-9223372036854775808");
  EXPECT_EQ(run("return json.encode((1 << 53) + 1)"), "9007199254740993");
  EXPECT_EQ(run("return json.encode(1.0)"), "1.0");
  EXPECT_EQ(run("return json.encode(-0.0)"), "-0.0");
  EXPECT_EQ(run("return json.encode(0.1)"), "0.1");
  EXPECT_EQ(run("return json.encode(1e300)"), "1e300");
  EXPECT_EQ(run("return json.encode(5e-324)"), "5e-324");
}

TEST_F(LuaJsonEncodeTest, RejectsNanAndInfinityWithPath) {
  EXPECT_EQ(run_error("return json.encode(0/0)"), "json.encode: cannot encode NaN at $");
  EXPECT_EQ(run_error("return json.encode({a = {1, math.huge}})"),
            "json.encode: cannot encode inf at $.a[2]");
  EXPECT_EQ(run_error("return json.encode({x = -math.huge})"),
            "json.encode: cannot encode -inf at $.x");
}

TEST_F(LuaJsonEncodeTest, EscapesStringsButNotSlashOrUnicode) {
  EXPECT_EQ(run(R"(return json.encode("a\0b"))"), R"("a\u0000b")");
  EXPECT_EQ(run(R"(return json.encode("q\"b\\n\n\r\t\b\f\1\31"))"),
            R"("q\"b\\n\n\r\t\b\f\u0001\u001F")");
  EXPECT_EQ(run(R"(return json.encode("a/b é 😀 \u{2028}"))"), "\"a/b é 😀 \u2028\"");
  // Long strings take the word-at-a-time path; escapes at every position must survive it.
  EXPECT_EQ(run(R"(return json.encode(("abcdefg\""):rep(3)))"), R"("abcdefg\"abcdefg\"abcdefg\"")");
}

TEST_F(LuaJsonEncodeTest, EncodesSequencesAsArraysAndOtherTablesAsObjects) {
  EXPECT_EQ(run("return json.encode({1, 'two', true})"), R"([1,"two",true])");
  EXPECT_EQ(run("return json.encode({a = 1})"), R"({"a":1})");
  EXPECT_EQ(run("return json.encode({[1] = 'a', [3] = 'c'})"), R"({"1":"a","3":"c"})");
  EXPECT_EQ(run("return json.encode({[2] = 'b'})"), R"({"2":"b"})");
  EXPECT_EQ(run("return json.encode({1, 2, x = 3})"), R"({"1":1,"2":2,"x":3})");
  EXPECT_EQ(run("return json.encode({[1.5] = true})"), R"({"1.5":true})");
  EXPECT_EQ(run("return json.encode({[-1] = true, [0] = false})"), R"({"-1":true,"0":false})");
}

TEST_F(LuaJsonEncodeTest, EmptyTablesFollowMarkers) {
  EXPECT_EQ(run("return json.encode({})"), "[]");
  EXPECT_EQ(run("return json.encode(json.object())"), "{}");
  EXPECT_EQ(run("return json.encode(json.array())"), "[]");
  EXPECT_EQ(run("return json.encode({a = json.object(), b = {}})"), R"({"a":{},"b":[]})");
  EXPECT_EQ(run("return json.encode(json.object({1, 2}))"), R"({"1":1,"2":2})");
  EXPECT_EQ(
      run("local t = {1, 2} return json.encode(json.array(t)) .. tostring(json.array(t) == t)"),
      "[1,2]true");
}

TEST_F(LuaJsonEncodeTest, MarkedArraysWriteHolesAsNull) {
  EXPECT_EQ(run("return json.encode(json.array({1, json.null, 3}))"), "[1,null,3]");
  EXPECT_EQ(run("local t = json.array({1, 2, 3}) t[2] = nil return json.encode(t)"), "[1,null,3]");
}

TEST_F(LuaJsonEncodeTest, SortsKeysBytewise) {
  EXPECT_EQ(run("return json.encode({b = 1, a = 2, B = 3, ['é'] = 4, aa = 5, [10] = 6})"),
            R"({"10":6,"B":3,"a":2,"aa":5,"b":1,"é":4})");
}

// Key order is remembered per set of keys (order_keys); tables with the same keys built in
// different orders, with other keys, or more sets than are remembered, must all come out sorted.
TEST_F(LuaJsonEncodeTest, SortsRepeatedKeySetsWhateverTheirInsertionOrder) {
  const char* code = R"lua(
    local rows = {}
    for i = 1, 40 do
      local row = {}
      local keys = i % 3 == 0 and {"c", "a", "b"} or i % 3 == 1 and {"b", "c", "a"} or {"a", "b", "c"}
      for _, k in ipairs(keys) do row[k] = i end
      if i % 5 == 0 then row["k" .. (i % 11)] = 0 end
      rows[i] = row
    end
    local text = json.encode(rows)
    for object in text:gmatch("{[^}]*}") do
      local previous = ""
      for key in object:gmatch('"([^"]+)":') do
        assert(key > previous, object)
        previous = key
      end
    end
    return json.encode({rows[1], rows[2], rows[3]}))lua";
  EXPECT_EQ(run(code), R"([{"a":1,"b":1,"c":1},{"a":2,"b":2,"c":2},{"a":3,"b":3,"c":3}])");
}

// The text writer writes a remembered set of keys from its rendered text; the DOM path takes
// every key as a string. Both walk the same value the same way, so they must agree, also past
// the eight remembered sets with all of them in use by enclosing objects (12 levels, each with
// its own keys, each an array of records), and with keys that need escaping or repair.
TEST_F(LuaJsonEncodeTest, RememberedKeySetsWriteWhatTheDocumentPathWrites) {
  const char* code = R"lua(
    local function level(depth)
      if depth > 12 then return "leaf" end
      local rows = {}
      for i = 1, 3 do
        local row = {}
        local keys = {"l" .. depth .. "z", "l" .. depth .. "a", 'q"' .. depth, "n\n" .. depth}
        if i == 2 then keys = {keys[3], keys[1], keys[4], keys[2]} end
        for n, key in ipairs(keys) do row[key] = n * depth + i end
        row.child = i == 1 and level(depth + 1) or depth
        rows[i] = row
      end
      return rows
    end
    local bad = {}
    for i = 1, 3 do bad[i] = {["\xff" .. "k"] = i, ok = i, ["\xc3"] = -i} end
    return level(1), bad)lua";
  ASSERT_EQ(luaL_dostring(L, code), LUA_OK) << lua_tostring(L, -1);
  auto via_document = [&](int index, const EncodeOptions& options) {
    rapidjson::Document document;
    std::string error;
    EXPECT_TRUE(to_json_value(L, index, document, document.GetAllocator(), options, error))
        << error;
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    document.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
  };
  EncodeOptions strict;
  EncodeOptions lenient;
  lenient.lenient = true;
  std::string text;
  std::string error;
  ASSERT_TRUE(encode_to_text(L, -2, strict, text, error)) << error;
  EXPECT_EQ(text, via_document(-2, strict));
  EXPECT_THAT(text, HasSubstr(R"({"child":"leaf","l12a":)"));
  EXPECT_THAT(text, HasSubstr(R"("n\n1":)"));
  EXPECT_THAT(text, HasSubstr(R"("q\"1":)"));

  // Keys that are not UTF-8: strict fails at the first row; lenient repairs every row's keys.
  EXPECT_FALSE(encode_to_text(L, -1, strict, text, error));
  EXPECT_EQ(error, "json.encode: invalid UTF-8 in object key at $[1]");
  ASSERT_TRUE(encode_to_text(L, -1, lenient, text, error)) << error;
  EXPECT_EQ(text, via_document(-1, lenient));
  EXPECT_THAT(text, HasSubstr("\xEF\xBF\xBDk\":3"));
  lua_pop(L, 2);
}

TEST_F(LuaJsonEncodeTest, EncodesLargeObjectsCompletely) {
  // Past 1024 members, values are looked up again instead of being kept on the stack.
  const char* code = R"(
    local t = {}
    for i = 1, 3000 do t["k" .. i] = i end
    local back = json.decode(json.encode(t))
    local n = 0
    for k, v in pairs(back) do assert(k == "k" .. v) n = n + 1 end
    return tostring(n))";
  EXPECT_EQ(run(code), "3000");
}

TEST_F(LuaJsonEncodeTest, DetectsCycles) {
  EXPECT_EQ(run_error("local t = {} t.self = t return json.encode(t)"),
            "json.encode: circular reference");
  EXPECT_EQ(run_error("local a, b = {}, {} a[1] = b b[1] = a return json.encode(a)"),
            "json.encode: circular reference");
  // A table shared by two branches is not a cycle.
  EXPECT_EQ(run("local s = {1} return json.encode({a = s, b = s})"), R"({"a":[1],"b":[1]})");
}

TEST_F(LuaJsonEncodeTest, RejectsUnsupportedValuesWithPath) {
  EXPECT_EQ(run_error("return json.encode({x = print})"),
            "json.encode: cannot encode a function at $.x");
  EXPECT_EQ(run_error("return json.encode({1, {y = coroutine.create(print)}})"),
            "json.encode: cannot encode a thread at $[2].y");
  EXPECT_EQ(run_error("return json.encode({['a b'] = io.stdout})"),
            R"(json.encode: cannot encode a userdata at $["a b"])");
  EXPECT_EQ(run_error("return json.encode({[true] = 1})"),
            "json.encode: cannot encode a boolean key at $");
}

TEST_F(LuaJsonEncodeTest, LimitsNestingDepth) {
  EXPECT_EQ(run("local t = {} for i = 1, 511 do t = {t} end return #json.encode(t)"),
            std::to_string(512 * 2));
  EXPECT_EQ(run_error("local t = {} for i = 1, 512 do t = {t} end return json.encode(t)"),
            "json.encode: nesting too deep");
  EXPECT_EQ(run_error("local t = {} for i = 1, 100000 do t = {t} end return json.encode(t)"),
            "json.encode: nesting too deep");
}

TEST_F(LuaJsonEncodeTest, IgnoresMetamethods) {
  const char* code = R"(
    local t = setmetatable({a = 1}, {
      __index = function() error("index called") end,
      __pairs = function() error("pairs called") end,
      __len = function() return 99 end,
    })
    return json.encode(t))";
  EXPECT_EQ(run(code), R"({"a":1})");
}

// KosmoKrator's json.encode uses PHP's JSON_PRETTY_PRINT: 4 spaces, "key": value, empty
// containers on one line. (This used to be 2 spaces, RapidJSON's PrettyWriter default.)
TEST_F(LuaJsonEncodeTest, PrettyPrintsWithFourSpacesAsPhp) {
  const char* code = R"(
    return json.encode({name = "kosmo", tags = {"a", "b"}, empty = {}, obj = json.object(),
                        nested = {x = {1.5}}}, {pretty = true}))";
  EXPECT_EQ(run(code), R"({
    "empty": [],
    "name": "kosmo",
    "nested": {
        "x": [
            1.5
        ]
    },
    "obj": {},
    "tags": [
        "a",
        "b"
    ]
})");
  EXPECT_EQ(run("return json.encode(7, {pretty = true})"), "7");
  EXPECT_EQ(run("return json.encode({1}, {pretty = false})"), "[1]");
}

TEST_F(LuaJsonEncodeTest, IsPrettyByDefaultAsKosmoKrator) {
  EXPECT_EQ(run("return json.encode_default({a = 1, b = {true}})"),
            "{\n    \"a\": 1,\n    \"b\": [\n        true\n    ]\n}");
  EXPECT_EQ(run("return json.encode_default({a = 1}, {})"), "{\n    \"a\": 1\n}");
  EXPECT_EQ(run("return json.encode_default('x')"), "\"x\"");
}

TEST_F(LuaJsonEncodeTest, ChecksArguments) {
  EXPECT_THAT(run_error("return json.encode()"), HasSubstr("bad argument #1"));
  EXPECT_THAT(run_error("return json.encode(1, 'pretty')"), HasSubstr("bad argument #2"));
  EXPECT_THAT(run_error("return json.array(5)"), HasSubstr("bad argument #1"));
}

TEST_F(LuaJsonEncodeTest, EncodeToTextRestoresTheStack) {
  luaL_dostring(L, "return {a = {1, 2}, b = 'x'}");
  const int top = lua_gettop(L);
  std::string out, error;
  ASSERT_TRUE(encode_to_text(L, -1, {}, out, error)) << error;
  EXPECT_EQ(out, R"({"a":[1,2],"b":"x"})");
  EXPECT_EQ(lua_gettop(L), top);

  luaL_dostring(L, "return {f = print}");
  EXPECT_FALSE(encode_to_text(L, -1, {}, out, error));
  EXPECT_EQ(error, "json.encode: cannot encode a function at $.f");
  EXPECT_EQ(lua_gettop(L), top + 1);
}

TEST_F(LuaJsonEncodeTest, ToJsonValueBuildsTheSameDocument) {
  luaL_dostring(L, R"(return {n = 1, f = 2.0, s = "é", a = {true, json.null}, o = json.object()})");
  rapidjson::Document document;
  std::string error;
  ASSERT_TRUE(to_json_value(L, -1, document, document.GetAllocator(), {}, error)) << error;
  lua_pop(L, 1);
  lua_gc(L, LUA_GCCOLLECT);  // the document must not point into Lua strings
  ASSERT_TRUE(document.IsObject());
  EXPECT_TRUE(document["n"].IsInt64());
  EXPECT_TRUE(document["f"].IsDouble());
  EXPECT_EQ(document["f"].GetDouble(), 2.0);
  EXPECT_STREQ(document["s"].GetString(), "é");
  EXPECT_TRUE(document["a"][1].IsNull());
  EXPECT_TRUE(document["o"].IsObject());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  document.Accept(writer);
  EXPECT_STREQ(buffer.GetString(), R"({"a":[true,null],"f":2.0,"n":1,"o":{},"s":"é"})");

  luaL_dostring(L, "local t = {} t[1] = t return t");
  rapidjson::Value value;
  EXPECT_FALSE(to_json_value(L, -1, value, document.GetAllocator(), {}, error));
  EXPECT_EQ(error, "json.encode: circular reference");
}

// The envelope's result: display rules (a function as "<function>"), but NaN and infinities
// fail, named with their place, under the caller's context.
TEST_F(LuaJsonEncodeTest, RejectNonFiniteKeepsTheRestLenient) {
  EncodeOptions options;
  options.lenient = true;
  options.reject_non_finite = true;
  options.context = "result #2";
  rapidjson::Document document;
  std::string error;
  luaL_dostring(L, "return {f = print, n = 1.5}");
  ASSERT_TRUE(to_json_value(L, -1, document, document.GetAllocator(), options, error)) << error;
  EXPECT_STREQ(document["f"].GetString(), "<function>");
  lua_pop(L, 1);
  for (const auto& [code, message] :
       {std::pair{"return 0/0", "result #2: cannot encode NaN at $"},
        std::pair{"return {x = math.huge}", "result #2: cannot encode inf at $.x"},
        std::pair{"return {1, {-math.huge}}", "result #2: cannot encode -inf at $[2][1]"}}) {
    luaL_dostring(L, code);
    rapidjson::Value value;
    EXPECT_FALSE(to_json_value(L, -1, value, document.GetAllocator(), options, error)) << code;
    EXPECT_EQ(error, message);
    lua_pop(L, 1);
  }
}

TEST_F(LuaJsonEncodeTest, EmptyContextLeavesMessagesUnprefixed) {
  EncodeOptions options;
  options.context = "";
  luaL_dostring(L, "return {page = 0/0}");
  std::string text, error;
  EXPECT_FALSE(encode_to_text(L, -1, options, text, error));
  EXPECT_EQ(error, "cannot encode NaN at $.page");
  lua_pop(L, 1);
  luaL_dostring(L, "local t = {} t.t = t return t");
  EXPECT_FALSE(encode_to_text(L, -1, options, text, error));
  EXPECT_EQ(error, "circular reference");
  lua_pop(L, 1);
}

}  // namespace
}  // namespace kosmo::lua
