#include <gtest/gtest.h>

#include "lib/gateway/gateway_profile.h"

namespace kosmo::gateway {
namespace {

config::KosmoConfig parse(const char* yaml) { return config::KosmoConfig::parse(yaml, "config.yaml"); }

TEST(GatewayProfile, DefaultsWithoutProfile) {
  GatewayFlags flags;
  auto profile = resolve_profile(flags, config::KosmoConfig());
  ASSERT_TRUE(profile);
  EXPECT_TRUE(profile->integrations.empty());
  EXPECT_TRUE(profile->upstreams.empty());
  EXPECT_FALSE(profile->allow_writes);
  EXPECT_TRUE(profile->expose_resources);
  EXPECT_TRUE(profile->expose_prompts);
  EXPECT_EQ(profile->max_result_chars, 50000u);
  EXPECT_FALSE(profile->force);
}

TEST(GatewayProfile, ReadsKosmoMcpGatewayProfile) {
  auto user = parse(R"(
kosmo:
  mcp_gateway:
    profiles:
      support:
        integrations: { include: [missive, "sinch, agora"] }
        upstream_mcp: { include: github }
        write_policy: allow
        expose_resources: "no"
        expose_prompts: false
        max_result_chars: 20000
        force: yes
)");
  GatewayFlags flags;
  flags.profile = "support";
  auto profile = resolve_profile(flags, user);
  ASSERT_TRUE(profile) << profile.error().message;
  EXPECT_EQ(profile->integrations, (std::vector<std::string>{"missive", "sinch", "agora"}));
  EXPECT_EQ(profile->upstreams, (std::vector<std::string>{"github"}));
  EXPECT_TRUE(profile->allow_writes);
  EXPECT_FALSE(profile->expose_resources);
  EXPECT_FALSE(profile->expose_prompts);
  EXPECT_EQ(profile->max_result_chars, 20000u);
  EXPECT_TRUE(profile->force);
}

TEST(GatewayProfile, FlagsWinOverTheProfile) {
  auto user = parse(R"(
mcp_gateway:
  profiles:
    p:
      integrations: [missive]
      upstreams: [a, b]
      write_policy: allow
      expose_resources: false
      max_result_chars: 20000
)");
  GatewayFlags flags;
  flags.profile = "p";
  flags.integration = {"sinch"};
  flags.upstreams = "c";
  flags.write = "deny";
  flags.resources = true;
  flags.max_result_chars = 10;  // below the floor
  auto profile = resolve_profile(flags, user);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->integrations, (std::vector<std::string>{"sinch"}));
  EXPECT_EQ(profile->upstreams, (std::vector<std::string>{"c"}));
  EXPECT_FALSE(profile->allow_writes);
  EXPECT_TRUE(profile->expose_resources);
  EXPECT_EQ(profile->max_result_chars, 1000u);
}

TEST(GatewayProfile, FallbackKeysInKosmoKratorOrder) {
  auto user = parse(R"(
kosmo:
  mcp_proxy:
    profiles:
      p: { mcp: "x,y", write_policy: bogus }
mcp_proxy:
  profiles:
    q: { integrations: sinch }
)");
  GatewayFlags flags;
  flags.profile = "p";
  auto profile = resolve_profile(flags, user);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->upstreams, (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(profile->allow_writes);  // an unknown policy is deny
  flags.profile = "q";
  profile = resolve_profile(flags, user);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->integrations, (std::vector<std::string>{"sinch"}));
}

TEST(GatewayProfile, UnknownProfileIsAUsageError) {
  GatewayFlags flags;
  flags.profile = "nope";
  auto profile = resolve_profile(flags, parse("integrations: {}\n"));
  ASSERT_FALSE(profile);
  EXPECT_EQ(profile.error().code, ErrorCode::kUsage);
  EXPECT_NE(profile.error().message.find("kosmo.mcp_gateway.profiles.nope"), std::string::npos);
}

TEST(GatewayProfile, ProjectProfileCannotAllowWrites) {
  auto project = parse(R"(
kosmo:
  mcp_gateway:
    profiles:
      repo: { integrations: [sinch], write_policy: allow, force: true }
)");
  GatewayFlags flags;
  flags.profile = "repo";
  auto profile = resolve_profile(flags, config::KosmoConfig(), &project);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->integrations, (std::vector<std::string>{"sinch"}));
  EXPECT_FALSE(profile->allow_writes);
  EXPECT_FALSE(profile->force);
}

TEST(GatewayProfile, MaxResultCharsFloorFromConfigToo) {
  auto user = parse("kosmo: { mcp_gateway: { profiles: { p: { max_result_chars: 5 } } } }\n");
  GatewayFlags flags;
  flags.profile = "p";
  auto profile = resolve_profile(flags, user);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->max_result_chars, 1000u);
}

}  // namespace
}  // namespace kosmo::gateway
