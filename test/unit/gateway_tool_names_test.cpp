#include <gtest/gtest.h>

#include "lib/gateway/tool_names.h"

namespace kosmo::gateway {
namespace {

TEST(GatewayToolNames, IdentifierMatchesKosmoKrator) {
  EXPECT_EQ(identifier("Sinch"), "sinch");
  EXPECT_EQ(identifier("  My-Server.v2  "), "my_server_v2");
  EXPECT_EQ(identifier("get_group"), "get_group");
  EXPECT_EQ(identifier("--a--b--"), "a_b");
  EXPECT_EQ(identifier("!!!"), "tool");
  EXPECT_EQ(identifier(""), "tool");
  EXPECT_EQ(identifier("Ünïcode"), "n_code");
}

TEST(GatewayToolNames, BuildsAndParsesToolNames) {
  EXPECT_EQ(integration_tool_name("Sinch", "get_group"), "integration__sinch__get_group");
  EXPECT_EQ(upstream_tool_name("my-fs", "read.file"), "mcp__my_fs__read_file");
  auto parsed = parse_tool_name("integration__sinch__get__group");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, ParsedToolName::Kind::kIntegration);
  EXPECT_EQ(parsed->space, "sinch");
  EXPECT_EQ(parsed->function, "get__group");
  parsed = parse_tool_name("mcp__fs__read");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->kind, ParsedToolName::Kind::kMcp);
  EXPECT_FALSE(parse_tool_name("lua_execute"));
  EXPECT_FALSE(parse_tool_name("other__a__b"));
  EXPECT_FALSE(parse_tool_name("mcp__only"));
}

TEST(GatewayToolNames, ResourceUrisRoundTrip) {
  for (std::string uri : {"file:///tmp/a b.txt", "x", "xy", "xyz", "memo://ü/€?q=1&r=2", ""}) {
    std::string wrapped = gateway_resource_uri("fs", uri);
    EXPECT_EQ(wrapped.rfind("kosmo://mcp/fs/", 0), 0u);
    EXPECT_EQ(wrapped.find('='), std::string::npos) << wrapped;
    if (uri.empty()) continue;  // an empty encoding is no URI
    auto parsed = parse_gateway_resource_uri(wrapped);
    ASSERT_TRUE(parsed) << wrapped;
    EXPECT_EQ(parsed->server, "fs");
    EXPECT_EQ(parsed->uri, uri);
  }
  EXPECT_EQ(gateway_resource_uri("fs", "file:///a"), "kosmo://mcp/fs/ZmlsZTovLy9h");
}

TEST(GatewayToolNames, AcceptsKosmoKratorSchemeAndRefusesGarbage) {
  auto parsed = parse_gateway_resource_uri("kosmokrator://mcp/fs/ZmlsZTovLy9h");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->uri, "file:///a");
  // PHP's encoder pads; accepted.
  EXPECT_TRUE(parse_gateway_resource_uri("kosmo://mcp/fs/ZmlsZTovLy9hYg=="));
  EXPECT_FALSE(parse_gateway_resource_uri("kosmo://mcp/fs/"));
  EXPECT_FALSE(parse_gateway_resource_uri("kosmo://mcp//ZmlsZQ"));
  EXPECT_FALSE(parse_gateway_resource_uri("kosmo://mcp/fs/not*base64"));
  EXPECT_FALSE(parse_gateway_resource_uri("file:///etc/passwd"));
  EXPECT_FALSE(parse_gateway_resource_uri("kosmo://mcp/fs/A"));  // one char: no whole byte
}

}  // namespace
}  // namespace kosmo::gateway
