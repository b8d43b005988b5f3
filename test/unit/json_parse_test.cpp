#include "lib/common/json_parse.h"

#include <gtest/gtest.h>

#include <string>

namespace kosmo {
namespace {

constexpr const char* kJsonc = R"(// a comment
{
  /* servers */
  "servers": {"a": {"args": [1, 2,],},},
}
)";

TEST(JsonParseTest, JsoncAcceptsCommentsAndTrailingCommas) {
  rapidjson::Document document;
  ASSERT_FALSE(parse_json(kJsonc, document, JsonDialect::kJsonc).IsError());
  ASSERT_TRUE(document.IsObject());
  EXPECT_EQ(document["servers"]["a"]["args"].Size(), 2u);
  EXPECT_EQ(document["servers"]["a"]["args"][1].GetInt(), 2);
}

TEST(JsonParseTest, StrictRefusesWhatJsoncAllows) {
  rapidjson::Document document;
  EXPECT_TRUE(parse_json(kJsonc, document).IsError());
  EXPECT_TRUE(document.IsNull());
  EXPECT_TRUE(parse_json("[1,]", document).IsError());
}

TEST(JsonParseTest, JsoncIsDepthLimitedWithoutRecursion) {
  rapidjson::Document document;
  const std::string deep = "// deep\n" + std::string(300'000, '[');
  const rapidjson::ParseResult result = parse_json(deep, document, JsonDialect::kJsonc);
  ASSERT_TRUE(result.IsError());
  EXPECT_EQ(describe_json_error(result), "Nested deeper than 512 levels.");

  const std::string at_limit = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_FALSE(parse_json(at_limit, document, JsonDialect::kJsonc).IsError());
}

// A std::string is read through RapidJSON's terminated stream, a view through the counted one;
// both must accept and refuse the same texts, with the same error and offset.
TEST(JsonParseTest, AStringAndAViewOfItParseAlike) {
  const std::string texts[] = {
      R"({"a": [1, -2.5e3, "x\u00e9", true, null], "b": {"c": 123456789012345678901234567890}})",
      "  [1, 2]  ",
      "[1, 2] 3",
      "{\"a\": }",
      "",
      std::string("{}\0[]", 5),  // a NUL byte: read the counted way, as a view is
      std::string("[\"a\0b\"]", 7),
      std::string(600, '[') + std::string(600, ']'),
  };
  for (const std::string& text : texts) {
    rapidjson::Document from_string;
    rapidjson::Document from_view;
    const rapidjson::ParseResult by_string = parse_json(text, from_string);
    const rapidjson::ParseResult by_view = parse_json(std::string_view(text), from_view);
    EXPECT_EQ(by_string.Code(), by_view.Code()) << text.substr(0, 40);
    EXPECT_EQ(by_string.Offset(), by_view.Offset()) << text.substr(0, 40);
    EXPECT_TRUE(from_string == from_view) << text.substr(0, 40);
  }
}

// Numbers are exact whichever stream reads them (RapidJSON's own conversion is not: it read
// the first of these as ...566e29 and the second as DBL_MIN).
TEST(JsonParseTest, NumbersAreExact) {
  rapidjson::Document document;
  const std::string text = "[123456789012345678901234567890, 2.2250738585072011e-308]";
  ASSERT_FALSE(parse_json(text, document).IsError());
  EXPECT_EQ(document[0].GetDouble(), 1.2345678901234568e29);
  EXPECT_EQ(document[1].GetDouble(), 2.225073858507201e-308);
}

}  // namespace
}  // namespace kosmo
