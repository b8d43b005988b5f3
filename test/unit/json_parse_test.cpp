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

}  // namespace
}  // namespace kosmo
