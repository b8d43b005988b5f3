// In-place edits of config.yaml (yaml_edit.h): only the changed bytes move.
#include <gtest/gtest.h>

#include "lib/config/kosmo_config.h"
#include "lib/config/yaml_edit.h"

namespace kosmo::config {
namespace {

constexpr const char* kText = R"(# top
integrations:
  sinch:   # note
    enabled: true # why
    permissions: { read: "allow" , write: ask }
    accounts:
      default: {a: 'b'}

# about other
other: &x {q: 1}
more: *x
)";

std::string edited(const std::string& text, YamlEdit edit) {
  std::optional<std::string> result = edit_yaml_text(text, edit);
  EXPECT_TRUE(result.has_value());
  return result.value_or("");
}

TEST(YamlEditTest, ReplacesScalarsKeepingCommentsAndQuotesAround) {
  std::string text = edited(kText, {{"integrations", "sinch", "enabled"}, "false"});
  EXPECT_NE(text.find("    enabled: false # why\n"), std::string::npos) << text;
  text = edited(text, {{"integrations", "sinch", "permissions", "read"}, "deny"});
  EXPECT_NE(text.find("{ read: deny , write: ask }"), std::string::npos) << text;
  EXPECT_NE(text.find("# about other\nother: &x {q: 1}\nmore: *x\n"), std::string::npos);
}

TEST(YamlEditTest, AddsKeysToBlockAndFlowMappings) {
  std::string text =
      edited(kText, {{"integrations", "sinch", "accounts", "work", "token"}, "\"t 1\""});
  EXPECT_NE(text.find("      default: {a: 'b'}\n      work:\n        token: \"t 1\"\n\n# about"),
            std::string::npos)
      << text;
  text = edited(kText, {{"integrations", "sinch", "accounts", "default", "c"}, "d"});
  EXPECT_NE(text.find("default: {a: 'b', c: d}"), std::string::npos) << text;
  text = edited(kText, {{"mcp", "trusted", "srv"}, "abc"});
  EXPECT_NE(text.find("more: *x\nmcp:\n  trusted:\n    srv: abc\n"), std::string::npos) << text;
}

TEST(YamlEditTest, RemovesAKeyWithItsLines) {
  const std::string text = edited(kText, {{"integrations", "sinch", "accounts"}, std::nullopt});
  EXPECT_EQ(text.find("accounts"), std::string::npos);
  EXPECT_NE(text.find("write: ask }\n\n# about other"), std::string::npos) << text;
  // Removing what is not there changes nothing.
  EXPECT_EQ(edited(kText, {{"integrations", "nope", "x"}, std::nullopt}), kText);
}

TEST(YamlEditTest, StartsAnEmptyOrCommentOnlyFile) {
  EXPECT_EQ(edited("", {{"a", "b"}, "c"}), "a:\n  b: c\n");
  EXPECT_EQ(edited("# hi", {{"a"}, "c"}), "# hi\na: c\n");
}

TEST(YamlEditTest, RefusesWhatItCannotEditInPlace) {
  EXPECT_EQ(edit_yaml_text("a: |\n  text\n", {{"a"}, "b"}), std::nullopt);  // block scalar
  EXPECT_EQ(edit_yaml_text("a: &n x\n", {{"a"}, "b"}), std::nullopt);       // anchored value
  EXPECT_EQ(edit_yaml_text("a:\n", {{"a", "b"}, "c"}), std::nullopt);       // null, not a map
}

TEST(YamlEditTest, ScalarsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(yaml_scalar("allow"), "allow");
  EXPECT_EQ(yaml_scalar("plan-1"), "plan-1");
  EXPECT_EQ(yaml_scalar("yes"), "\"yes\"");
  EXPECT_EQ(yaml_scalar("123"), "\"123\"");
  EXPECT_EQ(yaml_scalar("${T}"), "\"${T}\"");
  EXPECT_EQ(yaml_scalar("a\"b\n"), "\"a\\\"b\\x0a\"");
}

TEST(YamlEditTest, KosmoConfigFallsBackToAWholeWriteWhenAnEditCannotBeInPlace) {
  KosmoConfig config = KosmoConfig::parse("# gone\nintegrations:\n  sinch:\n", "config.yaml");
  config.set_enabled("sinch", true);
  const std::string text = config.saved_text();
  EXPECT_EQ(text.rfind("# kosmo configuration.", 0), 0u) << text;
  EXPECT_EQ(KosmoConfig::parse(text, "config.yaml").enabled_flag("sinch"), true);
}

}  // namespace
}  // namespace kosmo::config
