// The JSON clients' edit (gateway/client_config_json.h) and where each client's file is
// (gateway/client_targets.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/gateway/client_config_json.h"
#include "lib/gateway/client_targets.h"

namespace kosmo::gateway {
namespace {

using ::testing::HasSubstr;

GatewayServerEntry sample_entry() {
  GatewayServerEntry entry;
  entry.command = "/opt/kosmo";
  entry.args = {"mcp:serve", "--write=deny"};
  return entry;
}

Outcome<std::string> edit(const std::string& text, const char* key = "mcpServers",
                          bool typed = true) {
  rapidjson::Document scratch;
  const rapidjson::Value entry = json_server_entry(sample_entry(), typed, scratch.GetAllocator());
  return with_json_server_entry(text, key, "kosmo", entry, "f.json");
}

const char kEntry[] = R"({
      "type": "stdio",
      "command": "/opt/kosmo",
      "args": [
        "mcp:serve",
        "--write=deny"
      ]
    })";

TEST(JsonClientConfigTest, NewFileHoldsTheEntryUnderTheMap) {
  for (const std::string& text : {std::string(), std::string(" \n\t")}) {
    Outcome<std::string> out = edit(text);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(*out, std::string("{\n  \"mcpServers\": {\n    \"kosmo\": ") + kEntry + "\n  }\n}\n");
  }
  Outcome<std::string> vscode = edit("", "servers");
  ASSERT_TRUE(vscode.ok());
  EXPECT_THAT(*vscode, HasSubstr("\"servers\": {\n    \"kosmo\": {\n      \"type\": \"stdio\""));
  Outcome<std::string> untyped = edit("", "mcpServers", false);
  ASSERT_TRUE(untyped.ok());
  EXPECT_THAT(*untyped, ::testing::Not(HasSubstr("\"type\"")));
}

TEST(JsonClientConfigTest, OtherKeysAndServersKeepTheirValuesAndOrder) {
  const std::string text =
      R"({"numStartups": 12, "mcpServers": {"a": {"command": "x"}, "kosmo": {"command": "old"},)"
      R"( "z": {"url": "https://z"}}, "tipsHistory": {"k": 1.5, "big": 12345678901234567890},)"
      R"( "projects": {"/p": {"mcpServers": {}}}})";
  Outcome<std::string> out = edit(text);
  ASSERT_TRUE(out.ok());
  const std::string& json = *out;
  EXPECT_LT(json.find("numStartups"), json.find("\"mcpServers\""));
  EXPECT_LT(json.find("\"a\""), json.find("\"kosmo\""));  // replaced where it stood
  EXPECT_LT(json.find("\"kosmo\""), json.find("\"z\""));
  EXPECT_LT(json.find("\"z\""), json.find("tipsHistory"));
  EXPECT_THAT(json, HasSubstr("12345678901234567890"));  // numbers exact
  EXPECT_THAT(json, HasSubstr("1.5"));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("old")));
  Outcome<std::string> again = edit(json);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, json);
}

TEST(JsonClientConfigTest, WhatCannotBeEditedIsAConfigFailure) {
  for (const char* text :
       {"{", "{\"a\": 1,}", "// note\n{}", "[1]", "\"text\"", R"({"mcpServers": []})",
        R"({"mcpServers": null})", R"({"mcpServers": "x"})"}) {
    Outcome<std::string> out = edit(text);
    ASSERT_FALSE(out.ok()) << text;
    EXPECT_EQ(out.error().code, ErrorCode::kConfig) << text;
    EXPECT_THAT(out.error().message, HasSubstr("f.json")) << text;
  }
}

TEST(JsonClientConfigTest, StringsWithQuotesBackslashesAndUnicodeAreEscaped) {
  GatewayServerEntry entry;
  entry.command = "/home/j\xC3\xBCrgen/my \"tools\"\\bin/kosmo";
  entry.args = {"mcp:serve"};
  rapidjson::Document scratch;
  const rapidjson::Value value = json_server_entry(entry, true, scratch.GetAllocator());
  Outcome<std::string> out = with_json_server_entry("", "mcpServers", "n\"1", value, "f");
  ASSERT_TRUE(out.ok());
  EXPECT_THAT(*out, HasSubstr(R"("n\"1": {)"));
  EXPECT_THAT(*out,
              HasSubstr("\"command\": \"/home/j\xC3\xBCrgen/my \\\"tools\\\"\\\\bin/kosmo\""));
}

class ClientTargetTest : public ::testing::Test {
 protected:
  Outcome<ClientTarget> target(const char* client, const char* scope = "") {
    return client_target(client, scope, env_, "/nonexistent-kosmo-test/sub");
  }
  config::MapEnvironment env_{{"HOME", "/home/me"}};
};

TEST_F(ClientTargetTest, EachClientsDefaultFile) {
  struct Row {
    const char* client;
    const char* scope;
    const char* file;
    ClientFormat format;
    bool typed;
  };
  const Row rows[] = {
      {"project", "project", "/nonexistent-kosmo-test/sub/.mcp.json", ClientFormat::kJsonMcpServers,
       true},
      {"claude-code", "user", "/home/me/.claude.json", ClientFormat::kJsonMcpServers, true},
      {"cursor", "user", "/home/me/.cursor/mcp.json", ClientFormat::kJsonMcpServers, false},
      {"vscode", "project", "/nonexistent-kosmo-test/sub/.vscode/mcp.json",
       ClientFormat::kJsonServers, true},
      {"codex", "user", "/home/me/.codex/config.toml", ClientFormat::kCodexToml, false},
      {"gemini", "user", "/home/me/.gemini/settings.json", ClientFormat::kJsonMcpServers, false},
  };
  for (const Row& row : rows) {
    Outcome<ClientTarget> got = target(row.client);
    ASSERT_TRUE(got.ok()) << row.client;
    EXPECT_EQ(got->scope, row.scope) << row.client;
    EXPECT_EQ(got->file.string(), row.file) << row.client;
    EXPECT_EQ(got->format, row.format) << row.client;
    EXPECT_EQ(got->typed_entry, row.typed) << row.client;
    EXPECT_EQ(got->kosmo_project_file, std::string(row.client) == "project") << row.client;
  }
}

TEST_F(ClientTargetTest, OtherScopes) {
  EXPECT_EQ(target("claude-code", "project")->file.string(),
            "/nonexistent-kosmo-test/sub/.mcp.json");
  EXPECT_TRUE(target("claude-code", "project")->kosmo_project_file);
  EXPECT_EQ(target("cursor", "project")->file.string(),
            "/nonexistent-kosmo-test/sub/.cursor/mcp.json");
  EXPECT_EQ(target("codex", "project")->file.string(),
            "/nonexistent-kosmo-test/sub/.codex/config.toml");
  EXPECT_EQ(target("gemini", "project")->file.string(),
            "/nonexistent-kosmo-test/sub/.gemini/settings.json");
  EXPECT_EQ(target("vscode", "user")->file.string(), "/home/me/.config/Code/User/mcp.json");
  env_.set("XDG_CONFIG_HOME", "/xdg");
  EXPECT_EQ(target("vscode", "user")->file.string(), "/xdg/Code/User/mcp.json");
  env_.set("CODEX_HOME", "/codex-home");
  EXPECT_EQ(target("codex")->file.string(), "/codex-home/config.toml");
}

TEST_F(ClientTargetTest, UnknownClientsAndScopesAreUsageErrors) {
  EXPECT_EQ(target("claude").error().code, ErrorCode::kUsage);
  EXPECT_EQ(target("cursor", "global").error().code, ErrorCode::kUsage);
  EXPECT_EQ(target("project", "user").error().code, ErrorCode::kUsage);
}

TEST_F(ClientTargetTest, AUserScopeWithoutHomeIsAConfigError) {
  env_.unset("HOME");
  EXPECT_EQ(target("claude-code").error().code, ErrorCode::kConfig);
  EXPECT_TRUE(target("project").ok());  // the project scope needs no HOME
  env_.set("HOME", "");
  EXPECT_EQ(target("gemini").error().code, ErrorCode::kConfig);
}

}  // namespace
}  // namespace kosmo::gateway
