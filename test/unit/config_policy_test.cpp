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
  const PermissionPolicy policy;
  EXPECT_EQ(policy.permission("sinch", Operation::kRead), kAllow);
  EXPECT_EQ(policy.permission("sinch", Operation::kWrite), kAsk);
  EXPECT_EQ(default_permission(Operation::kRead), kAllow);
  EXPECT_EQ(default_permission(Operation::kWrite), kAsk);
}

TEST(ConfigPolicyTest, UserConfigSetsThePolicy) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  sinch:\n    permissions: {read: deny, write: allow}\n", "c.yaml");
  const PermissionPolicy policy(&user);
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
  const PermissionPolicy policy(&user, &project);
  EXPECT_EQ(policy.permission("sinch", Operation::kRead), kDeny);
  EXPECT_EQ(policy.permission("sinch", Operation::kWrite), kAsk);
  EXPECT_EQ(policy.permission("anthropic", Operation::kRead), kAllow);
  EXPECT_EQ(policy.permission("anthropic", Operation::kWrite), kAsk);  // default, not widened
  EXPECT_EQ(policy.permission("wildix", Operation::kWrite), kAsk);
}

TEST(ConfigPolicyTest, EffectivePermissionSaysWhichFileDecided) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  sinch:\n    permissions: {read: allow, write: allow}\n", "user.yaml");
  const KosmoConfig project = KosmoConfig::parse(
      "integrations:\n  sinch:\n    permissions: {read: allow, write: deny}\n"
      "  \"mcp.fs\":\n    permissions: {read: ask}\n",
      "project.yaml");
  const PermissionPolicy policy(&user, &project);
  // The project repeats the user's allow: the user decided, nothing was narrowed.
  EXPECT_EQ(policy.effective("sinch", Operation::kRead).source, PermissionSource::kUser);
  EXPECT_EQ(policy.effective("sinch", Operation::kWrite).source, PermissionSource::kProject);
  EXPECT_EQ(policy.effective("sinch", Operation::kWrite).permission, kDeny);
  EXPECT_EQ(policy.effective("mcp.fs", Operation::kRead).source, PermissionSource::kProject);
  EXPECT_EQ(policy.effective("mcp.fs", Operation::kWrite).source, PermissionSource::kDefault);
  EXPECT_EQ(permission_source_name(PermissionSource::kProject), "project");
}

RunFlags flags(bool force, bool dry_run) {
  RunFlags flags;
  flags.force = force;
  flags.dry_run = dry_run;
  return flags;
}

using Verdict = PermissionDecision::Verdict;

TEST(ConfigPolicyTest, DecideProceedsOnAllowAndRefusesAskAndDeny) {
  const KosmoConfig user =
      KosmoConfig::parse("integrations:\n  sinch:\n    permissions: {read: deny}\n", "user.yaml");
  const PermissionPolicy policy(&user);
  const auto sinch = PolicySubject::integration("sinch");
  EXPECT_EQ(decide(sinch, Operation::kRead, policy, flags(false, false)).verdict, Verdict::kRefuse);
  EXPECT_EQ(decide(sinch, Operation::kWrite, policy, flags(false, false)).verdict,
            Verdict::kRefuse);  // ask, headless
  const auto other = PolicySubject::integration("anthropic");
  EXPECT_EQ(decide(other, Operation::kRead, policy, flags(false, false)).verdict,
            Verdict::kProceed);
  const PermissionDecision refused = decide(sinch, Operation::kRead, policy, flags(false, false));
  EXPECT_EQ(refused.refusal, refusal_message(sinch, Operation::kRead, kDeny));
}

TEST(ConfigPolicyTest, ForceBypassesAskAndDenyAlike) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  sinch:\n    permissions: {read: deny, write: ask}\n", "user.yaml");
  const PermissionPolicy policy(&user);
  const auto sinch = PolicySubject::integration("sinch");
  EXPECT_EQ(decide(sinch, Operation::kRead, policy, flags(true, false)).verdict, Verdict::kProceed);
  EXPECT_EQ(decide(sinch, Operation::kWrite, policy, flags(true, false)).verdict,
            Verdict::kProceed);
}

TEST(ConfigPolicyTest, DryRunDescribesWritesWhateverThePolicyAndStillChecksReads) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  \"mcp.fs\":\n    permissions: {read: deny, write: deny}\n", "user.yaml");
  const PermissionPolicy policy(&user, nullptr, /*mcp_force_allowed=*/true);
  const auto fs = PolicySubject::mcp_server("fs");
  EXPECT_EQ(decide(fs, Operation::kWrite, policy, flags(false, true)).verdict, Verdict::kDescribe);
  EXPECT_EQ(decide(fs, Operation::kWrite, policy, flags(true, true)).verdict, Verdict::kDescribe);
  EXPECT_EQ(decide(fs, Operation::kRead, policy, flags(false, true)).verdict, Verdict::kRefuse);
}

// integrations:call and mcp:call make their one call under --dry-run without sending it, reads
// included, as KosmoKrator's call commands do.
TEST(ConfigPolicyTest, CallCommandDryRunDescribesReadsToo) {
  const KosmoConfig user =
      KosmoConfig::parse("integrations:\n  sinch:\n    permissions: {read: allow}\n", "user.yaml");
  const PermissionPolicy policy(&user);
  const auto sinch = PolicySubject::integration("sinch");
  RunFlags call_flags = flags(false, true);
  call_flags.dry_run_reads = true;
  EXPECT_EQ(decide(sinch, Operation::kRead, policy, call_flags).verdict, Verdict::kDescribe);
  call_flags.dry_run = false;
  EXPECT_EQ(decide(sinch, Operation::kRead, policy, call_flags).verdict, Verdict::kProceed);
}

// KosmoKrator's McpPermissionEvaluator::normalizeForce: for an MCP server --force counts only
// with the opt-in, and without it refuses even what the policy allows (a --dry-run included);
// an integration's --force needs no opt-in.
TEST(ConfigPolicyTest, McpForceNeedsTheOptIn) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  \"mcp.fs\":\n    permissions: {read: allow}\n", "user.yaml");
  const PermissionPolicy policy(&user);
  const auto fs = PolicySubject::mcp_server("fs");
  for (const RunFlags& forced : {flags(true, false), flags(true, true)}) {
    const PermissionDecision decision = decide(fs, Operation::kRead, policy, forced);
    EXPECT_EQ(decision.verdict, Verdict::kRefuse);
    EXPECT_EQ(decision.refusal, kMcpForceDisabled);
  }
  EXPECT_EQ(
      decide(PolicySubject::integration("sinch"), Operation::kWrite, policy, flags(true, false))
          .verdict,
      Verdict::kProceed);
}

TEST(ConfigPolicyTest, McpForceOptInValues) {
  const KosmoConfig none;
  for (const char* yes : {"1", "true", "yes", "on"}) EXPECT_TRUE(mcp_force_opt_in(none, yes));
  for (const char* no : {"0", "false", "", "TRUE"}) EXPECT_FALSE(mcp_force_opt_in(none, no));
  EXPECT_FALSE(mcp_force_opt_in(none, std::nullopt));
  const KosmoConfig off = KosmoConfig::parse("mcp:\n  allow_force_bypass: false\n", "u.yaml");
  EXPECT_FALSE(mcp_force_opt_in(off, "1")) << "the setting wins over the variable";
  const KosmoConfig on = KosmoConfig::parse("mcp:\n  allow_force_bypass: true\n", "u.yaml");
  EXPECT_TRUE(mcp_force_opt_in(on, std::nullopt));
}

TEST(ConfigPolicyTest, AProjectRefusalPointsAtTheProjectFile) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  \"mcp.fs\":\n    permissions: {read: allow}\n", "user.yaml");
  const KosmoConfig project = KosmoConfig::parse(
      "integrations:\n  \"mcp.fs\":\n    permissions: {read: ask}\n", "/repo/.kosmo/config.yaml");
  const PermissionPolicy policy(&user, &project);
  EXPECT_EQ(decide(PolicySubject::mcp_server("fs"), Operation::kRead, policy, flags(false, false))
                .refusal,
            "MCP server 'fs' read access requires approval by the project policy in "
            "/repo/.kosmo/config.yaml. Re-run with --force or change "
            "integrations.\"mcp.fs\".permissions.read there.");
}

TEST(ConfigPolicyTest, RefusalMessagesAreOneFamilyForIntegrationsAndMcpServers) {
  const auto sinch = PolicySubject::integration("sinch");
  EXPECT_EQ(refusal_message(sinch, Operation::kWrite, kAsk),
            "Integration 'sinch' write access requires approval. Re-run with --force or set "
            "integrations.sinch.permissions.write: allow.");
  EXPECT_EQ(refusal_message(sinch, Operation::kWrite, kDeny),
            "Integration 'sinch' write access is denied by policy. Re-run with --force or set "
            "integrations.sinch.permissions.write: allow.");
  EXPECT_EQ(refusal_message(PolicySubject::integration("anthropic"), Operation::kRead, kDeny),
            "Integration 'anthropic' read access is denied by policy. Re-run with --force or set "
            "integrations.anthropic.permissions.read: allow.");
  EXPECT_EQ(refusal_message(PolicySubject::mcp_server("fs"), Operation::kWrite, kAsk),
            "MCP server 'fs' write access requires approval. Re-run with --force or set "
            "integrations.\"mcp.fs\".permissions.write: allow.");
  EXPECT_EQ(refusal_message(sinch, Operation::kRead, kAllow), "");
  EXPECT_EQ(PolicySubject::mcp_server("fs").key(), "mcp.fs");
}

// The MCP gateway's --write deny for lua_execute: writes refused whatever config.yaml and
// --force say; --dry-run still describes them; reads unaffected.
TEST(ConfigPolicyTest, GatewayWriteDenyRefusesWritesEvenWhenAllowedOrForced) {
  const KosmoConfig user = KosmoConfig::parse(
      "integrations:\n  sinch:\n    permissions: {read: allow, write: allow}\n", "user.yaml");
  const PermissionPolicy policy(&user);
  const auto sinch = PolicySubject::integration("sinch");
  RunFlags gateway = flags(true, false);
  gateway.deny_writes = true;
  const PermissionDecision refused = decide(sinch, Operation::kWrite, policy, gateway);
  EXPECT_EQ(refused.verdict, Verdict::kRefuse);
  EXPECT_NE(refused.refusal.find("--write deny"), std::string::npos) << refused.refusal;
  EXPECT_EQ(decide(sinch, Operation::kRead, policy, gateway).verdict, Verdict::kProceed);
  gateway.dry_run = true;
  EXPECT_EQ(decide(sinch, Operation::kWrite, policy, gateway).verdict, Verdict::kDescribe);
}

}  // namespace
}  // namespace kosmo::config
