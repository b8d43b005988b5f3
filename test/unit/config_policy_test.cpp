#include <gtest/gtest.h>

#include "lib/config/policy.h"

namespace kosmo::config {
namespace {

constexpr Permission kAllow = Permission::kAllow;
constexpr Permission kAsk = Permission::kAsk;
constexpr Permission kDeny = Permission::kDeny;

TEST(ConfigPolicyTest, ParsesAndNamesTheVocabulary) {
  EXPECT_EQ(parse_permission("allow"), kAllow);
  EXPECT_EQ(parse_permission("ask"), kAsk);
  EXPECT_EQ(parse_permission("deny"), kDeny);
  EXPECT_EQ(parse_permission("Allow"), std::nullopt);
  EXPECT_EQ(parse_permission("maybe"), std::nullopt);
  EXPECT_EQ(permission_name(kAsk), "ask");
  EXPECT_EQ(parse_operation("write"), Operation::kWrite);
  EXPECT_EQ(parse_operation("delete"), std::nullopt);
  EXPECT_EQ(operation_name(Operation::kRead), "read");
}

TEST(ConfigPolicyTest, DefaultsAreReadAllowWriteAsk) {
  const KosmoConfig empty;
  const PermissionPolicy policy(empty);
  EXPECT_EQ(policy.permission("sinch", Operation::kRead), kAllow);
  EXPECT_EQ(policy.permission("sinch", Operation::kWrite), kAsk);
  EXPECT_EQ(default_permission(Operation::kRead), kAllow);
  EXPECT_EQ(default_permission(Operation::kWrite), kAsk);
}

TEST(ConfigPolicyTest, UserConfigSetsThePolicy) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  sinch:\n    permissions: {read: deny, write: allow}\n", "c.yaml");
  const PermissionPolicy policy(user);
  EXPECT_EQ(policy.permission("sinch", Operation::kRead), kDeny);
  EXPECT_EQ(policy.permission("sinch", Operation::kWrite), kAllow);
  EXPECT_EQ(policy.permission("anthropic", Operation::kWrite), kAsk);
}

TEST(ConfigPolicyTest, NarrowPicksTheStricter) {
  EXPECT_EQ(narrow(kAllow, kAllow), kAllow);
  EXPECT_EQ(narrow(kAllow, kAsk), kAsk);
  EXPECT_EQ(narrow(kAllow, kDeny), kDeny);
  EXPECT_EQ(narrow(kAsk, kAllow), kAsk);
  EXPECT_EQ(narrow(kAsk, kDeny), kDeny);
  EXPECT_EQ(narrow(kDeny, kAllow), kDeny);
  EXPECT_EQ(narrow(kDeny, kAsk), kDeny);
}

TEST(ConfigPolicyTest, ProjectMayNarrowButNeverWiden) {
  const KosmoConfig user =
      KosmoConfig::parse("integrations:\n  sinch:\n    permissions: {write: allow}\n", "user.yaml");
  const KosmoConfig project = KosmoConfig::parse(
      "integrations:\n"
      "  sinch:\n    permissions: {read: deny, write: ask}\n"
      "  anthropic:\n    permissions: {read: allow, write: allow}\n",
      "project.yaml");
  const PermissionPolicy policy(user, &project);
  EXPECT_EQ(policy.permission("sinch", Operation::kRead), kDeny);
  EXPECT_EQ(policy.permission("sinch", Operation::kWrite), kAsk);
  EXPECT_EQ(policy.permission("anthropic", Operation::kRead), kAllow);
  EXPECT_EQ(policy.permission("anthropic", Operation::kWrite), kAsk);  // default, not widened
  EXPECT_EQ(policy.permission("wildix", Operation::kWrite), kAsk);
}

TEST(ConfigPolicyTest, ForceBypassesAskAndDenyAlike) {
  EXPECT_TRUE(is_permitted(kAllow, false));
  EXPECT_FALSE(is_permitted(kAsk, false));
  EXPECT_FALSE(is_permitted(kDeny, false));
  EXPECT_TRUE(is_permitted(kAsk, true));
  EXPECT_TRUE(is_permitted(kDeny, true));
}

TEST(ConfigPolicyTest, RefusalMessages) {
  EXPECT_EQ(refusal_message("sinch", Operation::kWrite, kAsk),
            "Integration 'sinch' write access requires approval. Re-run with --force or set "
            "integrations.sinch.permissions.write: allow.");
  EXPECT_EQ(refusal_message("sinch", Operation::kWrite, kDeny),
            "Integration 'sinch' write access is denied by policy. Re-run with --force or set "
            "integrations.sinch.permissions.write: allow.");
  EXPECT_EQ(refusal_message("anthropic", Operation::kRead, kDeny),
            "Integration 'anthropic' read access is denied by policy. Re-run with --force or set "
            "integrations.anthropic.permissions.read: allow.");
  EXPECT_EQ(refusal_message("sinch", Operation::kRead, kAllow), "");
}

}  // namespace
}  // namespace kosmo::config
