// KosmoKrator's `kosmo:` section of config.yaml (src/Integration/IntegrationManager.php,
// src/Mcp/McpPermissionEvaluator.php), read and kept in step by KosmoConfig.
#include <gtest/gtest.h>

#include "lib/config/kosmo_config.h"
#include "lib/config/policy.h"

namespace kosmo::config {
namespace {

KosmoConfig parse(const char* yaml) { return KosmoConfig::parse(yaml, "config.yaml"); }

TEST(KosmokratorKeysTest, EnabledIsTrueOnlyForTrueOrOn) {
  const KosmoConfig config = parse(R"(
kosmo:
  integrations:
    a: {enabled: true}
    b: {enabled: "on"}
    c: {enabled: "yes"}
    d: {enabled: false}
)");
  EXPECT_EQ(config.enabled_flag("a"), true);
  EXPECT_EQ(config.enabled_flag("b"), true);
  EXPECT_EQ(config.enabled_flag("c"), false);  // PHP: 'yes' !== true && 'yes' !== 'on'
  EXPECT_EQ(config.enabled_flag("d"), false);
  EXPECT_EQ(config.enabled_flag("e"), std::nullopt);
}

TEST(KosmokratorKeysTest, KosmoSectionWinsOverKosmosOwnKeys) {
  const KosmoConfig config = parse(R"(
integrations:
  sinch: {enabled: true, permissions: {read: allow, write: deny}}
kosmo:
  integrations:
    sinch: {enabled: false, permissions: {write: allow, read: bogus}}
)");
  EXPECT_EQ(config.enabled_flag("sinch"), false);
  EXPECT_EQ(config.permission("sinch", Operation::kWrite), Permission::kAllow);
  // Not allow/ask/deny: unset, so kosmo's own key decides.
  EXPECT_EQ(config.permission("sinch", Operation::kRead), Permission::kAllow);
}

TEST(KosmokratorKeysTest, DefaultsAndMcpServers) {
  const KosmoConfig config = parse(R"(
mcp:
  servers: {legacy: {permissions: {write: allow}}}
kosmo:
  integrations: {permissions_default: deny}
  mcp:
    permissions_default: allow
    servers: {fs: {permissions: {read: deny}}}
)");
  const PermissionPolicy policy(&config);
  EXPECT_EQ(policy.permission("sinch", Operation::kRead), Permission::kDeny);
  EXPECT_EQ(policy.permission("mcp.fs", Operation::kRead), Permission::kDeny);
  EXPECT_EQ(policy.permission("mcp.fs", Operation::kWrite), Permission::kAllow);
  EXPECT_EQ(policy.permission("mcp.legacy", Operation::kWrite), Permission::kAllow);
}

TEST(KosmokratorKeysTest, SettersUpdateKosmokratorsKeyOnlyWhereItExists) {
  KosmoConfig config = parse(R"(
kosmo:
  integrations:
    sinch: {enabled: false, permissions: {write: deny}}
)");
  config.set_enabled("sinch", true);
  config.set_permission("sinch", Operation::kWrite, Permission::kAllow);
  config.set_permission("sinch", Operation::kRead, Permission::kAsk);
  EXPECT_EQ(config.enabled_flag("sinch"), true);
  EXPECT_EQ(config.permission("sinch", Operation::kWrite), Permission::kAllow);
  EXPECT_EQ(config.permission("sinch", Operation::kRead), Permission::kAsk);
  const std::string yaml = config.to_yaml();
  // read was not in KosmoKrator's section, so it is written to kosmo's own only.
  EXPECT_EQ(yaml.find("read"), yaml.rfind("read")) << yaml;
}

}  // namespace
}  // namespace kosmo::config
