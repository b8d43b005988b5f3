// integrations:fields/doctor's facts (integration_capabilities) and the base URL check
// (base_url_probe) through the HttpClient seam: what is sent, and how answers are read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lib/cli/base_url_probe.h"
#include "lib/cli/integration_capabilities.h"

namespace kosmo::cli {
namespace {

integrations::Manifest manifest_with(std::vector<std::string> keys) {
  integrations::Manifest manifest;
  manifest.name = "demo";
  manifest.base_url = "https://api.example.test/v1";
  for (const std::string& key : keys) {
    config::CredentialField field;
    field.key = key;
    field.secret = key != "url";
    field.required = key != "url";
    manifest.credentials.push_back(field);
  }
  manifest.base_url_field = "url";
  manifest.path_prefix = "/{account_id}";
  return manifest;
}

// Records the request and answers with what the test set.
class ScriptedClient : public http::HttpClient {
 public:
  http::HttpResult send(const http::HttpRequest& request) override {
    sent.push_back(request);
    return answer;
  }
  http::HttpResult answer;
  std::vector<http::HttpRequest> sent;
};

TEST(IntegrationCapabilities, AuthStrategyFollowsKosmokratorsFallbackRule) {
  EXPECT_EQ(auth_strategy(manifest_with({})), "none");
  EXPECT_EQ(auth_strategy(manifest_with({"api_key"})), "api_key");
  EXPECT_EQ(auth_strategy(manifest_with({"API_TOKEN", "api_key"})), "bearer_token");
  EXPECT_EQ(auth_strategy(manifest_with({"access_token"})), "bearer_token");
  EXPECT_EQ(auth_strategy(manifest_with({"username", "password"})), "manual_credentials");
}

TEST(IntegrationCapabilities, MissingCredentialsAreRequiredFieldsWithoutValue) {
  const integrations::Manifest manifest = manifest_with({"api_key", "secret", "url"});
  config::ResolvedCredentials resolved;
  resolved.values["secret"] = "s3cr3t-value";
  EXPECT_EQ(missing_credentials(resolved, manifest), std::vector<std::string>{"api_key"});
}

TEST(BaseUrlProbe, OfflineSendsNothing) {
  const ProbeResult result = probe_base_url(manifest_with({"api_key"}), {}, nullptr);
  EXPECT_EQ(result.url, "https://api.example.test/v1");
  EXPECT_FALSE(result.checked);
  EXPECT_FALSE(result.reachable.has_value());
}

TEST(BaseUrlProbe, AnyHttpAnswerIsReachableAndNoCredentialIsSent) {
  ScriptedClient client;
  client.answer.transport_ok = true;
  client.answer.response.status = 404;
  config::ResolvedCredentials resolved;
  resolved.values = {{"api_key", "key-12345"}, {"url", "http://127.0.0.1:9/base/"}};
  const ProbeResult result = probe_base_url(manifest_with({"api_key", "url"}), resolved, &client);
  ASSERT_EQ(client.sent.size(), 1u);
  EXPECT_EQ(client.sent[0].method, "GET");
  // The host's root: no path prefix (it may need an account value), no trailing slash.
  EXPECT_EQ(client.sent[0].url, "http://127.0.0.1:9/base");
  EXPECT_TRUE(client.sent[0].headers.empty());
  EXPECT_FALSE(client.sent[0].retry_allowed);
  EXPECT_LE(client.sent[0].total_timeout_s, kProbeTotalTimeoutSeconds);
  EXPECT_TRUE(result.checked);
  EXPECT_EQ(result.reachable, true);
  EXPECT_EQ(result.http_status, 404);
  EXPECT_FALSE(result.error.has_value());
}

TEST(BaseUrlProbe, TransportFailureIsUnreachableWithSecretsRedacted) {
  ScriptedClient client;
  client.answer.transport_ok = false;
  client.answer.transport_error = "Could not resolve host: tok-abcdef.example.test";
  config::ResolvedCredentials resolved;
  resolved.values = {{"url", "https://tok-abcdef.example.test"}};
  resolved.secret_values = {"tok-abcdef"};
  const ProbeResult result = probe_base_url(manifest_with({"api_key", "url"}), resolved, &client);
  EXPECT_TRUE(result.checked);
  EXPECT_EQ(result.reachable, false);
  EXPECT_FALSE(result.http_status.has_value());
  ASSERT_TRUE(result.error.has_value());
  EXPECT_EQ(result.error->find("tok-abcdef"), std::string::npos);
  EXPECT_EQ(result.url.find("tok-abcdef"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::cli
