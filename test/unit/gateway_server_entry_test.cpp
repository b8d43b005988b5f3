// The gateway's server entry (gateway/gateway_server_entry.h): the args KosmoKrator's
// gatewayServerConfig builds from each flag combination, and the flags that cannot make an entry.
#include "lib/gateway/gateway_server_entry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kosmo::gateway {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> args_of(const GatewayFlags& flags) {
  return gateway_server_entry(flags, "/opt/kosmo").args;
}

TEST(GatewayServerEntryTest, NoFlagsDenyWritesExplicitly) {
  const GatewayServerEntry entry = gateway_server_entry(GatewayFlags{}, "/opt/kosmo");
  EXPECT_EQ(entry.command, "/opt/kosmo");
  EXPECT_THAT(entry.args, ElementsAre("mcp:serve", "--write=deny"));
}

TEST(GatewayServerEntryTest, IntegrationsRepeatedThenListDeduplicatedAndTrimmed) {
  GatewayFlags flags;
  flags.integration = {"sinch", "agora,  missive"};
  flags.integrations = " wildix ,sinch,,";
  flags.upstream = {"github"};
  flags.upstreams = "fs,github";
  EXPECT_THAT(args_of(flags), ElementsAre("mcp:serve", "--integration=sinch", "--integration=agora",
                                          "--integration=missive", "--integration=wildix",
                                          "--upstream=github", "--upstream=fs", "--write=deny"));
}

TEST(GatewayServerEntryTest, WriteIsForwardedAsGiven) {
  GatewayFlags flags;
  flags.write = "allow";
  EXPECT_THAT(args_of(flags), ElementsAre("mcp:serve", "--write=allow"));
  flags.write = "deny";
  EXPECT_THAT(args_of(flags), ElementsAre("mcp:serve", "--write=deny"));
}

TEST(GatewayServerEntryTest, AProfileLeavesTheWritePolicyToItUnlessWriteIsGiven) {
  GatewayFlags flags;
  flags.profile = "support";
  EXPECT_THAT(args_of(flags), ElementsAre("mcp:serve", "--profile=support"));
  flags.write = "allow";
  EXPECT_THAT(args_of(flags), ElementsAre("mcp:serve", "--profile=support", "--write=allow"));
}

TEST(GatewayServerEntryTest, ResourceAndPromptFlagsNegativeWins) {
  GatewayFlags flags;
  flags.no_resources = true;
  flags.no_prompts = true;
  EXPECT_THAT(args_of(flags),
              ElementsAre("mcp:serve", "--write=deny", "--no-resources", "--no-prompts"));
  flags.resources = true;  // --resources --no-resources: as KosmoKrator, --no-resources wins
  EXPECT_THAT(args_of(flags),
              ElementsAre("mcp:serve", "--write=deny", "--no-resources", "--no-prompts"));
  GatewayFlags positive;
  positive.profile = "quiet";
  positive.resources = true;
  positive.prompts = true;
  EXPECT_THAT(args_of(positive),
              ElementsAre("mcp:serve", "--profile=quiet", "--resources", "--prompts"));
}

TEST(GatewayServerEntryTest, MaxResultCharsOnlyWhenNotTheDefault) {
  GatewayFlags flags;
  flags.max_result_chars = 50000;
  EXPECT_THAT(args_of(flags), ElementsAre("mcp:serve", "--write=deny"));
  flags.max_result_chars = 1000;
  EXPECT_THAT(args_of(flags), ElementsAre("mcp:serve", "--write=deny", "--max-result-chars=1000"));
  EXPECT_EQ(gateway_entry_problem(flags), std::nullopt);
}

TEST(GatewayServerEntryTest, MaxResultCharsBelowTheMinimumIsAProblem) {
  GatewayFlags flags;
  flags.max_result_chars = 999;
  ASSERT_TRUE(gateway_entry_problem(flags).has_value());
  EXPECT_THAT(*gateway_entry_problem(flags), ::testing::HasSubstr("at least 1000"));
  flags.max_result_chars = -5;
  EXPECT_TRUE(gateway_entry_problem(flags).has_value());
  EXPECT_EQ(gateway_entry_problem(GatewayFlags{}), std::nullopt);
}

TEST(GatewayServerEntryTest, EveryFlagTogetherInKosmoKratorsOrder) {
  GatewayFlags flags;
  flags.profile = "p";
  flags.integrations = "a,b";
  flags.upstream = {"u"};
  flags.write = "deny";
  flags.no_resources = true;
  flags.prompts = true;
  flags.max_result_chars = 20000;
  EXPECT_THAT(
      args_of(flags),
      ElementsAre("mcp:serve", "--profile=p", "--integration=a", "--integration=b", "--upstream=u",
                  "--write=deny", "--no-resources", "--prompts", "--max-result-chars=20000"));
}

TEST(GatewayServerEntryTest, RunningKosmoPathIsAbsolute) {
  const std::string path = running_kosmo_path();
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(path.front(), '/') << path;  // Linux: /proc/self/exe is always there
  EXPECT_THAT(path, ::testing::Not(::testing::EndsWith(" (deleted)")));
}

}  // namespace
}  // namespace kosmo::gateway
