#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "lib/common/json_parse.h"
#include "lib/lua/lua_json.h"
#include "test/unit/lua_json_test_state.h"

namespace kosmo::lua {
namespace {

using ::testing::HasSubstr;

class LuaJsonDecodeTest : public ::testing::Test {
 protected:
  LuaJsonDecodeTest() : L(new_json_test_state()) {}
  ~LuaJsonDecodeTest() override { lua_close(L); }

  // Runs `code` with the JSON text available as the global `text`; returns the first result
  // converted with tostring. A Lua error fails the test.
  std::string run(const std::string& code, const std::string& text = "") {
    lua_pushlstring(L, text.data(), text.size());
    lua_setglobal(L, "text");
    const int top = lua_gettop(L);
    if (luaL_loadstring(L, ("return tostring((function() " + code + " end)())").c_str()) !=
            LUA_OK ||
        lua_pcall(L, 0, 1, 0) != LUA_OK) {
      ADD_FAILURE() << code << "\n  raised: " << lua_tostring(L, -1);
      lua_settop(L, top);
      return {};
    }
    std::string result = lua_tostring(L, -1);
    lua_settop(L, top);
    return result;
  }

  // Decodes `text` with json.decode, which must raise; returns the message.
  std::string decode_error(const std::string& text) {
    lua_getglobal(L, "json");
    lua_getfield(L, -1, "decode");
    lua_pushlstring(L, text.data(), text.size());
    std::string message;
    if (lua_pcall(L, 1, 1, 0) == LUA_OK) {
      ADD_FAILURE() << text << "\n  decoded without error";
    } else {
      message = lua_tostring(L, -1);
    }
    lua_pop(L, 2);
    return message;
  }

  // json.encode(json.decode(text))
  std::string round_trip(const std::string& text) {
    return run("return json.encode(json.decode(text))", text);
  }

  lua_State* L;
};

TEST_F(LuaJsonDecodeTest, DecodesEveryType) {
  EXPECT_EQ(run("return math.type(json.decode('42'))"), "integer");
  EXPECT_EQ(run("return json.decode('-42')"), "-42");
  EXPECT_EQ(run("return math.type(json.decode('1.0'))"), "float");
  EXPECT_EQ(run("return math.type(json.decode('1e2'))"), "float");
  EXPECT_EQ(run("return json.decode('1.5')"), "1.5");
  EXPECT_EQ(run("return json.decode('true')"), "true");
  EXPECT_EQ(run("return json.decode('false')"), "false");
  EXPECT_EQ(run(R"(return json.decode('"h\\u00e9\\ud83d\\ude00"'))"), "hé😀");
  EXPECT_EQ(run("local t = json.decode('[1,\"a\",[true]]') return #t .. t[2] .. tostring(t[3][1])"),
            "3atrue");
  EXPECT_EQ(run(R"(local t = json.decode('{"a":{"b":2}}') return t.a.b)"), "2");
}

TEST_F(LuaJsonDecodeTest, KeepsIntegersExact) {
  EXPECT_EQ(run("return json.decode(text) == math.maxinteger", "9223372036854775807"), "true");
  EXPECT_EQ(run("return json.decode(text) == math.mininteger", "-9223372036854775808"), "true");
  EXPECT_EQ(run("return json.decode(text) == (1 << 53) + 1", "9007199254740993"), "true");
  EXPECT_EQ(run("return math.type(json.decode(text))", "9223372036854775808"), "float");
  EXPECT_EQ(run("return json.decode(text) == 2^64", "18446744073709551616"), "true");
  EXPECT_EQ(run("return json.decode(text) == 0.1", "0.1"), "true");
}

TEST_F(LuaJsonDecodeTest, RoundTripsNumbers) {
  EXPECT_EQ(round_trip("[9223372036854775807,-9223372036854775808,9007199254740993]"),
            "[9223372036854775807,-9223372036854775808,9007199254740993]");
  EXPECT_EQ(round_trip("[1.0,-0.0,0.1,1e300,5e-324,2.5]"), "[1.0,-0.0,0.1,1e300,5e-324,2.5]");
  EXPECT_EQ(run("return 1 / json.decode('-0.0')"), "-inf");
}

TEST_F(LuaJsonDecodeTest, HandlesNull) {
  EXPECT_EQ(run("return json.decode('null') == nil"), "true");
  EXPECT_EQ(run("local t = json.decode('[1,null,3]') return #t .. tostring(t[2] == json.null)"),
            "3true");
  EXPECT_EQ(run(R"(local t = json.decode('{"a":null,"b":1}') return tostring(rawget(t, "a")))"),
            "nil");
  EXPECT_EQ(round_trip(R"({"a":null,"b":[null],"c":{}})"), R"({"b":[null],"c":{}})");
}

TEST_F(LuaJsonDecodeTest, KeepsContainerKinds) {
  EXPECT_EQ(round_trip("{}"), "{}");
  EXPECT_EQ(round_trip("[]"), "[]");
  EXPECT_EQ(round_trip(R"({"1":"a","2":"b"})"), R"({"1":"a","2":"b"})");
  EXPECT_EQ(round_trip(R"([{},[],{"x":[]}])"), R"([{},[],{"x":[]}])");
  // Kinds survive edits made by the script.
  EXPECT_EQ(run("local t = json.decode('{}') t[1] = 'x' return json.encode(t)"), R"({"1":"x"})");
  EXPECT_EQ(run("local t = json.decode('[]') t[1] = 'x' return json.encode(t)"), R"(["x"])");
}

TEST_F(LuaJsonDecodeTest, PreservesStringsWithNulAndEscapes) {
  EXPECT_EQ(run(R"(return #json.decode('"a\\u0000b"'))"), "3");
  EXPECT_EQ(round_trip(R"(["a\u0000b","\"\\/\b\f\n\r\t","\u001f"])"),
            R"(["a\u0000b","\"\\/\b\f\n\r\t","\u001F"])");
}

TEST_F(LuaJsonDecodeTest, RoundTripsARealisticDocument) {
  const std::string text =
      R"({"data":[{"attributes":{"body":"Hello, wörld! \"quoted\" / slash","created_at":)"
      R"("2024-05-01T12:00:00Z","flags":[],"meta":{},"score":0.75},"id":123456789012,)"
      R"("relationships":{"author":{"data":{"id":"7","type":"users"}}},"type":"messages"}],)"
      R"("links":{"next":"https://api.example.com/v1/messages?page=2"},"total":1})";
  EXPECT_EQ(round_trip(text), text);
  const std::string pretty = run("return json.encode(json.decode(text), {pretty = true})", text);
  EXPECT_EQ(run("return json.encode(json.decode(text))", pretty), text);
}

TEST_F(LuaJsonDecodeTest, ReportsSyntaxErrorsWithByteOffsets) {
  EXPECT_EQ(decode_error(""), "json.decode: the document is empty at byte 0");
  EXPECT_EQ(decode_error("[1,2"),
            "json.decode: missing a comma or ']' after an array element at byte 4");
  EXPECT_EQ(decode_error(R"({"a" 1})"),
            "json.decode: missing a colon after a name of object member at byte 5");
  EXPECT_EQ(decode_error("[1,]"), "json.decode: invalid value at byte 3");
  EXPECT_EQ(decode_error(R"({"a":1,})"), "json.decode: missing a name for object member at byte 7");
  EXPECT_EQ(decode_error("[NaN]"), "json.decode: invalid value at byte 1");
  EXPECT_EQ(decode_error("// c\n1"), "json.decode: invalid value at byte 0");
  EXPECT_EQ(decode_error("'a'"), "json.decode: invalid value at byte 0");
}

TEST_F(LuaJsonDecodeTest, RejectsTrailingGarbage) {
  EXPECT_EQ(decode_error("[1] x"),
            "json.decode: the document root must not be followed by other values at byte 4");
  EXPECT_EQ(decode_error("1 2"),
            "json.decode: the document root must not be followed by other values at byte 2");
  EXPECT_EQ(decode_error(std::string("[1]\0", 4)),
            "json.decode: the document root must not be followed by other values at byte 3");
  EXPECT_EQ(run("return json.decode(text)[1]", " [1] \n\t"), "1");
}

TEST_F(LuaJsonDecodeTest, RejectsInvalidUtf8) {
  EXPECT_THAT(decode_error("\"a\xff\""), HasSubstr("at byte 2"));
  EXPECT_THAT(decode_error("\"\xed\xa0\x80\""), HasSubstr("json.decode: invalid encoding"));
  EXPECT_THAT(decode_error("\"\xc0\xaf\""), HasSubstr("json.decode: invalid encoding"));
}

TEST_F(LuaJsonDecodeTest, LimitsNestingDepth) {
  const std::string ok = std::string(512, '[') + std::string(512, ']');
  EXPECT_EQ(run("return #json.encode(json.decode(text))", ok), "1024");
  const std::string deep = std::string(513, '[') + std::string(513, ']');
  EXPECT_EQ(decode_error(deep), "json.decode: nesting too deep at byte 512");
  EXPECT_EQ(decode_error(std::string(100000, '[')), "json.decode: nesting too deep at byte 512");
  std::string objects;
  for (int i = 0; i < 513; ++i) objects += R"({"a":)";
  EXPECT_THAT(decode_error(objects + "1" + std::string(513, '}')), HasSubstr("nesting too deep"));
}

TEST_F(LuaJsonDecodeTest, BuildsLargeContainers) {
  // Members wait on the Lua stack before their table is created; large containers must still
  // come out whole and in order.
  std::string array = "[", object = "{";
  for (int i = 1; i <= 5000; ++i) {
    array += (i > 1 ? "," : "") + std::to_string(i);
    object += (i > 1 ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  }
  array += "]";
  object += "}";
  EXPECT_EQ(run("local t = json.decode(text) local s = 0 for i, v in ipairs(t) do "
                "assert(i == v) s = s + v end return #t .. ' ' .. s",
                array),
            "5000 12502500");
  EXPECT_EQ(run("local t = json.decode(text) local n = 0 for k, v in pairs(t) do "
                "assert(k == 'k' .. v) n = n + 1 end return n",
                object),
            "5000");
  EXPECT_EQ(round_trip(array), array);
}

TEST_F(LuaJsonDecodeTest, PushDecodedTextLeavesOneValueOrNothing) {
  const int top = lua_gettop(L);
  std::string error;
  ASSERT_TRUE(push_decoded_text(L, R"({"a":[1,2]})", error));
  EXPECT_EQ(lua_gettop(L), top + 1);
  EXPECT_TRUE(lua_istable(L, -1));
  lua_pop(L, 1);
  EXPECT_FALSE(push_decoded_text(L, R"({"a":[1,2)", error));
  EXPECT_EQ(error, "json.decode: missing a comma or ']' after an array element at byte 9");
  EXPECT_EQ(lua_gettop(L), top);
}

// json.decode parses a Lua string where it lies unless a UTF-8 lead byte ends it; either way
// the result or the error must be what decoding a private copy gives.
TEST_F(LuaJsonDecodeTest, DecodingALuaStringMatchesDecodingACopy) {
  const std::string texts[] = {R"({"a":[1,2.5,"x"],"b":null})",
                               "[1,\"ab\xC3\xA9\"]",
                               "[1,\"ab\xC3",
                               "[1,\"ab\xF0\x9F",
                               "\"\xF0",
                               std::string("[1,\0 2]", 6),
                               "[1] x",
                               "",
                               "\xC3",
                               R"(["\udc00"])",
                               R"({"k":1,"k":2})"};
  for (const std::string& text : texts) {
    std::string copied_error, in_place_error;
    const int top = lua_gettop(L);
    const bool copied = push_decoded_text(L, text, copied_error);
    if (copied) {
      lua_setglobal(L, "copied");
      EXPECT_EQ(lua_gettop(L), top);
    }
    lua_pushlstring(L, text.data(), text.size());
    const bool in_place = push_decoded_string(L, -1, in_place_error);
    ASSERT_EQ(in_place, copied) << text;
    EXPECT_EQ(in_place_error, copied_error) << text;
    if (in_place) {
      lua_setglobal(L, "in_place");
      EXPECT_EQ(run("return json.encode(in_place, {pretty = false}) == "
                    "json.encode(copied, {pretty = false})"),
                "true")
          << text;
    }
    lua_settop(L, top);
  }
}

// 300 records {"k<i mod 150>": i, "k": 0, <last>}: more distinct keys than the key cache has
// slots, and keys that differ only in length.
std::string RecordsWithRepeatedKeys(const std::string& last) {
  std::string text = "[";
  for (int i = 0; i < 300; ++i) {
    if (i > 0) text += ',';
    text += "{\"k" + std::to_string(i % 150) + "\":" + std::to_string(i) + ",\"k\":0," + last + "}";
  }
  return text + "]";
}

// Records repeat their keys; the decoder pushes a repeated key from its cache, which must not
// mix up keys that share a cache slot or differ only in length.
TEST_F(LuaJsonDecodeTest, RepeatedKeysKeepTheirOwnText) {
  const std::string text = RecordsWithRepeatedKeys("\"kk\":1");
  EXPECT_EQ(run("local t = json.decode(text) local ok = true for i, r in ipairs(t) do "
                "ok = ok and r['k' .. ((i - 1) % 150)] == i - 1 and r.k == 0 and r.kk == 1 end "
                "return ok",
                text),
            "true");
}

TEST_F(LuaJsonDecodeTest, PushJsonValueMapsLikeDecoding) {
  rapidjson::Document document;
  document.Parse(R"({"n":null,"a":[1,null,2.5,"x",{}],"big":18446744073709551615})");
  ASSERT_FALSE(document.HasParseError());
  push_json_value(L, document);
  lua_setglobal(L, "value");
  // 2^64 as RapidJSON's Grisu2 prints it: not the shortest digits, but it reads back exactly.
  EXPECT_EQ(run("return json.encode(value)"),
            R"({"a":[1,null,2.5,"x",{}],"big":18446744073709553000.0})");
  EXPECT_EQ(run("return value.big == 2^64"), "true");
  EXPECT_EQ(run("return math.type(value.a[1]) .. math.type(value.big)"), "integerfloat");
}

// A parsed value is walked recursively (ValuePusher): 512 levels convert, one more raises, and
// the stack keeps exactly the one result either way.
TEST_F(LuaJsonDecodeTest, PushJsonValueBoundsDepthAndLeavesOneValue) {
  const auto nested = [](int levels) {
    return std::string(levels, '[') + "1" + std::string(levels, ']');
  };
  rapidjson::Document deepest;
  ASSERT_FALSE(parse_json(nested(512), deepest).IsError());
  const int top = lua_gettop(L);
  push_json_value(L, deepest);
  EXPECT_EQ(lua_gettop(L), top + 1);
  lua_setglobal(L, "value");
  EXPECT_EQ(run("local v, depth = value, 0 while type(v) == 'table' do v, depth = v[1], depth + 1 "
                "end return depth .. ' ' .. v"),
            "512 1");

  // Built by hand: the parser itself refuses more than 512 levels.
  rapidjson::Document deeper(rapidjson::kArrayType);
  rapidjson::Value* innermost = &deeper;
  for (int level = 1; level < 513; ++level) {
    innermost->PushBack(rapidjson::Value(rapidjson::kArrayType), deeper.GetAllocator());
    innermost = &(*innermost)[0];
  }
  lua_pushcfunction(L, [](lua_State* state) {
    push_json_value(state, *static_cast<rapidjson::Value*>(lua_touserdata(state, 1)));
    return 1;
  });
  lua_pushlightuserdata(L, &deeper);
  ASSERT_NE(lua_pcall(L, 1, 1, 0), LUA_OK);
  EXPECT_STREQ(lua_tostring(L, -1), "json: nesting too deep");
  lua_pop(L, 1);
  EXPECT_EQ(lua_gettop(L), top);

  rapidjson::Document null_value;
  push_json_value(L, null_value);
  EXPECT_TRUE(lua_isnil(L, -1));
  lua_pop(L, 1);
}

// Records repeating more distinct keys than the key cache has slots still read back whole.
TEST_F(LuaJsonDecodeTest, PushJsonValueKeepsEveryKeyOfManyRecords) {
  rapidjson::Document document;
  ASSERT_FALSE(parse_json(RecordsWithRepeatedKeys("\"n\":null"), document).IsError());
  push_json_value(L, document);
  lua_setglobal(L, "value");
  EXPECT_EQ(run("local ok = #value == 300 for i, r in ipairs(value) do "
                "ok = ok and r['k' .. ((i - 1) % 150)] == i - 1 and r.k == 0 and r.n == nil end "
                "return tostring(ok) .. json.encode(value[1])"),
            R"(true{"k":0,"k0":0})");
}

// The key cache of pushed values lasts from one push to the next: a key another value left in
// an entry is used only when it is the same text.
TEST_F(LuaJsonDecodeTest, PushJsonValueKeysStayRightFromOneValueToTheNext) {
  for (int round = 0; round < 3; ++round) {
    for (const char* text : {R"({"id":1,"name":"a","k7":[{"k8":true}]})",
                             R"({"ID":2,"nam":"b","k70":{"k80":false},"k7":null})"}) {
      rapidjson::Document document;
      ASSERT_FALSE(parse_json(std::string(text), document).IsError());
      push_json_value(L, document);
      lua_setglobal(L, "value");
      EXPECT_EQ(run("return json.encode(value)"),
                document.HasMember("id") ? R"({"id":1,"k7":[{"k8":true}],"name":"a"})"
                                         : R"({"ID":2,"k70":{"k80":false},"nam":"b"})");
    }
  }
}

}  // namespace
}  // namespace kosmo::lua
