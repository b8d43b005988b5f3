#include "lib/lua/call_identity.h"

#include <gtest/gtest.h>

namespace kosmo::lua {
namespace {

CallLogEntry entry(std::string path, std::string function) {
  CallLogEntry call;
  call.path = std::move(path);
  call.function = std::move(function);
  return call;
}

TEST(CallIdentityTest, IntegrationCallsAreTitledFromTheSlugWithoutTheIntegration) {
  const CallIdentity identity =
      identify_call(entry("integrations.sinch.work.get_group", "sinch_get_group"));
  EXPECT_EQ(identity.name, "Get Group");
  EXPECT_EQ(identity.group, "sinch");
  EXPECT_EQ(identity.icon, "ph:wrench");
}

// An alias in the path still names the function it resolved to.
TEST(CallIdentityTest, TheResolvedSlugWinsOverAnAlias) {
  EXPECT_EQ(identify_call(entry("integrations.sinch.group", "sinch_get_group")).name, "Get Group");
}

TEST(CallIdentityTest, AnUnresolvedCallIsTitledFromItsPath) {
  const CallIdentity identity = identify_call(entry("integrations.zzzz.qqqq", ""));
  EXPECT_EQ(identity.name, "Qqqq");
  EXPECT_EQ(identity.group, "zzzz");
}

TEST(CallIdentityTest, McpToolsAndHelpersUseThePlugIcon) {
  const CallIdentity tool = identify_call(entry("mcp.fake.echo", "echo"));
  EXPECT_EQ(tool.name, "fake.echo");
  EXPECT_EQ(tool.group, "fake");
  EXPECT_EQ(tool.icon, "ph:plugs-connected");
  const CallIdentity helper = identify_call(entry("$mcp.call", ""));
  EXPECT_EQ(helper.name, "mcp.call");
  EXPECT_EQ(helper.group, "mcp");
  EXPECT_EQ(helper.icon, "ph:plugs-connected");
}

}  // namespace
}  // namespace kosmo::lua
