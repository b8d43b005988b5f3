// MCP secret references (mcp:secret:*): stored sealed in config.yaml, resolved into an entry's
// env and header values when it starts.
#include <gtest/gtest.h>

#include "lib/config/credential_cipher.h"
#include "lib/config/credential_key.h"
#include "lib/config/environment.h"
#include "lib/config/kosmo_config.h"
#include "lib/mcp/secret_references.h"

namespace kosmo::mcp {
namespace {

const config::MapEnvironment kEnv({{"KOSMO_CREDENTIAL_KEY", "secret-test-key"}});

config::KosmoConfig config_with(const std::string& reference, const std::string& plain) {
  config::KosmoConfig config;
  const config::CredentialKey key = *config::find_credential_key(kEnv);
  config.set_mcp_secret(reference, config::encrypt_credential(plain, key));
  return config;
}

TEST(McpSecretReferences, BothSpellingsResolveInEnvAndHeaders) {
  const config::KosmoConfig config = config_with("mcp.gh.env.TOKEN", "canary-sec-1");
  ServerConfig server;
  server.env = {{"TOKEN", "@secret:mcp.gh.env.TOKEN"}, {"LEVEL", "debug"}};
  server.headers = {{"X-Token", "${KOSMO_SECRET:mcp.gh.env.TOKEN}"}};
  const SecretResolution resolution = resolve_secret_references(server, config, kEnv);
  EXPECT_EQ(server.env["TOKEN"], "canary-sec-1");
  EXPECT_EQ(server.env["LEVEL"], "debug");
  EXPECT_EQ(server.headers["X-Token"], "canary-sec-1");
  EXPECT_EQ(resolution.inserted, (std::vector<std::string>{"canary-sec-1", "canary-sec-1"}));
  EXPECT_TRUE(resolution.missing.empty());
}

TEST(McpSecretReferences, MissingSecretBecomesEmptyAndIsReported) {
  const config::KosmoConfig config;
  ServerConfig server;
  server.env = {{"TOKEN", "@secret:mcp.gh.env.TOKEN"}};
  const SecretResolution resolution = resolve_secret_references(server, config, kEnv);
  EXPECT_EQ(server.env["TOKEN"], "");
  EXPECT_EQ(resolution.missing, (std::vector<std::string>{"mcp.gh.env.TOKEN"}));
}

TEST(McpSecretReferences, OrdinaryReferencesAreLeftToExpansion) {
  const config::KosmoConfig config = config_with("mcp.gh.env.TOKEN", "canary-sec-2");
  ServerConfig server;
  server.env = {{"TOKEN", "${GITHUB_TOKEN}"}, {"PARTIAL", "x @secret:mcp.gh.env.TOKEN"}};
  resolve_secret_references(server, config, kEnv);
  EXPECT_EQ(server.env["TOKEN"], "${GITHUB_TOKEN}");
  EXPECT_EQ(server.env["PARTIAL"], "x @secret:mcp.gh.env.TOKEN");  // only a whole value is one
}

TEST(McpSecretReferences, ConfigKeepsSecretsAndRemovesThem) {
  config::KosmoConfig config = config::KosmoConfig::parse(
      "mcp:\n  trusted: {a: x}\n  secrets:\n    mcp.a.env.K: enc:v1:AAAA\n", "config.yaml");
  EXPECT_EQ(config.mcp_secrets().size(), 1u);
  config.set_mcp_secret("mcp.b.env.K", "enc:v1:BBBB");
  EXPECT_EQ(config.mcp_secrets().size(), 2u);
  EXPECT_TRUE(config.remove_mcp_secret("mcp.a.env.K"));
  EXPECT_FALSE(config.remove_mcp_secret("mcp.a.env.K"));
  EXPECT_EQ(config.mcp_secrets().count("mcp.b.env.K"), 1u);
  EXPECT_EQ(config.trusted_fingerprint("a"), "x");  // the neighbouring section is untouched
  const std::string saved = config.saved_text();
  EXPECT_EQ(saved.find("mcp.a.env.K"), std::string::npos) << saved;
  EXPECT_NE(saved.find("mcp.b.env.K"), std::string::npos) << saved;
}

}  // namespace
}  // namespace kosmo::mcp
