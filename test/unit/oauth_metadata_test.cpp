// Protected Resource Metadata (RFC 9728) and authorization server metadata (RFC 8414 / OpenID
// Connect Discovery) as kosmo reads them, and the 2025-03-26 fallback endpoints.
#include "lib/oauth/oauth_metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kosmo::oauth {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(OAuthMetadataTest, ProtectedResourceMetadataIsRead) {
  const std::optional<ProtectedResourceMetadata> metadata = parse_protected_resource_metadata(R"({
    "resource": "https://mcp.example.com/mcp",
    "authorization_servers": ["https://auth.example.com/tenant1", "https://backup.example.com"],
    "scopes_supported": ["files:read", "files:write"],
    "bearer_methods_supported": ["header"]
  })");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->resource, "https://mcp.example.com/mcp");
  EXPECT_THAT(metadata->authorization_servers,
              ElementsAre("https://auth.example.com/tenant1", "https://backup.example.com"));
  EXPECT_THAT(metadata->scopes_supported, ElementsAre("files:read", "files:write"));
}

TEST(OAuthMetadataTest, ProtectedResourceMetadataNeedsAStringResource) {
  EXPECT_FALSE(parse_protected_resource_metadata(R"({"authorization_servers": ["https://a"]})"));
  EXPECT_FALSE(parse_protected_resource_metadata(R"({"resource": 42})"));
  EXPECT_FALSE(parse_protected_resource_metadata(R"({"resource": ["https://mcp.example.com"]})"));
  EXPECT_FALSE(parse_protected_resource_metadata(R"(["https://mcp.example.com"])"));
  EXPECT_FALSE(parse_protected_resource_metadata("<html>not found</html>"));
  EXPECT_FALSE(parse_protected_resource_metadata(""));
}

TEST(OAuthMetadataTest, ProtectedResourceMetadataWithOnlyAResourceHasEmptyLists) {
  const std::optional<ProtectedResourceMetadata> metadata =
      parse_protected_resource_metadata(R"({"resource": "https://mcp.example.com"})");
  ASSERT_TRUE(metadata);
  EXPECT_THAT(metadata->authorization_servers, IsEmpty());
  EXPECT_THAT(metadata->scopes_supported, IsEmpty());
}

TEST(OAuthMetadataTest, ProtectedResourceMetadataIgnoresWrongTypes) {
  const std::optional<ProtectedResourceMetadata> metadata = parse_protected_resource_metadata(R"({
    "resource": "https://mcp.example.com",
    "authorization_servers": "https://auth.example.com",
    "scopes_supported": ["files:read", 7, null, {"x": 1}, "files:write"]
  })");
  ASSERT_TRUE(metadata);
  EXPECT_THAT(metadata->authorization_servers, IsEmpty());
  EXPECT_THAT(metadata->scopes_supported, ElementsAre("files:read", "files:write"));
}

TEST(OAuthMetadataTest, AuthorizationServerMetadataIsRead) {
  const std::optional<AuthorizationServerMetadata> metadata =
      parse_authorization_server_metadata(R"({
    "issuer": "https://auth.example.com/tenant1",
    "authorization_endpoint": "https://auth.example.com/tenant1/authorize",
    "token_endpoint": "https://auth.example.com/tenant1/token",
    "registration_endpoint": "https://auth.example.com/tenant1/register",
    "scopes_supported": ["openid", "offline_access"],
    "grant_types_supported": ["authorization_code", "refresh_token"],
    "token_endpoint_auth_methods_supported": ["none", "private_key_jwt"],
    "code_challenge_methods_supported": ["S256"],
    "client_id_metadata_document_supported": true
  })");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->issuer, "https://auth.example.com/tenant1");
  EXPECT_EQ(metadata->authorization_endpoint, "https://auth.example.com/tenant1/authorize");
  EXPECT_EQ(metadata->token_endpoint, "https://auth.example.com/tenant1/token");
  EXPECT_EQ(metadata->registration_endpoint, "https://auth.example.com/tenant1/register");
  EXPECT_THAT(metadata->scopes_supported, ElementsAre("openid", "offline_access"));
  EXPECT_THAT(metadata->grant_types_supported, ElementsAre("authorization_code", "refresh_token"));
  EXPECT_THAT(metadata->token_endpoint_auth_methods_supported,
              ElementsAre("none", "private_key_jwt"));
  EXPECT_THAT(metadata->code_challenge_methods_supported, ElementsAre("S256"));
  EXPECT_TRUE(metadata->client_id_metadata_document_supported);
}

TEST(OAuthMetadataTest, AuthorizationServerMetadataNeedsAStringTokenEndpoint) {
  EXPECT_FALSE(parse_authorization_server_metadata(
      R"({"issuer": "https://a", "authorization_endpoint": "https://a/authorize"})"));
  EXPECT_FALSE(parse_authorization_server_metadata(R"({"token_endpoint": ""})"));
  EXPECT_FALSE(parse_authorization_server_metadata(R"({"token_endpoint": true})"));
  EXPECT_FALSE(parse_authorization_server_metadata(R"(["token_endpoint"])"));
  EXPECT_FALSE(parse_authorization_server_metadata("{"));
}

TEST(OAuthMetadataTest, AuthorizationServerMetadataWithOnlyATokenEndpoint) {
  const std::optional<AuthorizationServerMetadata> metadata =
      parse_authorization_server_metadata(R"({"token_endpoint": "https://a/token"})");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->token_endpoint, "https://a/token");
  EXPECT_EQ(metadata->issuer, "");
  EXPECT_EQ(metadata->authorization_endpoint, "");
  EXPECT_EQ(metadata->registration_endpoint, "");
  EXPECT_THAT(metadata->token_endpoint_auth_methods_supported, IsEmpty());
  EXPECT_FALSE(metadata->client_id_metadata_document_supported);
}

TEST(OAuthMetadataTest, AuthorizationServerMetadataIgnoresWrongTypes) {
  const std::optional<AuthorizationServerMetadata> metadata =
      parse_authorization_server_metadata(R"({
    "issuer": 17,
    "token_endpoint": "https://a/token",
    "registration_endpoint": {"url": "https://a/register"},
    "scopes_supported": "openid offline_access",
    "code_challenge_methods_supported": ["S256", 256],
    "client_id_metadata_document_supported": "true"
  })");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->issuer, "");
  EXPECT_EQ(metadata->registration_endpoint, "");
  EXPECT_THAT(metadata->scopes_supported, IsEmpty());
  EXPECT_THAT(metadata->code_challenge_methods_supported, ElementsAre("S256"));
  EXPECT_FALSE(metadata->client_id_metadata_document_supported);
}

TEST(OAuthMetadataTest, AnAbsentAuthMethodListMeansClientSecretBasicOnly) {
  const AuthorizationServerMetadata metadata;
  EXPECT_TRUE(metadata.supports_auth_method("client_secret_basic"));
  EXPECT_FALSE(metadata.supports_auth_method("client_secret_post"));
  EXPECT_FALSE(metadata.supports_auth_method("none"));
  EXPECT_FALSE(metadata.supports_auth_method("private_key_jwt"));
}

TEST(OAuthMetadataTest, AGivenAuthMethodListIsTakenAsIs) {
  AuthorizationServerMetadata metadata;
  metadata.token_endpoint_auth_methods_supported = {"none", "client_secret_post"};
  EXPECT_TRUE(metadata.supports_auth_method("none"));
  EXPECT_TRUE(metadata.supports_auth_method("client_secret_post"));
  EXPECT_FALSE(metadata.supports_auth_method("client_secret_basic"));
  EXPECT_FALSE(metadata.supports_auth_method("private_key_jwt"));
}

TEST(OAuthMetadataTest, SupportsScopeIsAnExactMatch) {
  AuthorizationServerMetadata metadata;
  metadata.scopes_supported = {"openid", "offline_access"};
  EXPECT_TRUE(metadata.supports_scope("offline_access"));
  EXPECT_FALSE(metadata.supports_scope("offline"));
  EXPECT_FALSE(metadata.supports_scope("OFFLINE_ACCESS"));
  EXPECT_FALSE(AuthorizationServerMetadata{}.supports_scope("offline_access"));
}

TEST(OAuthMetadataTest, DefaultEndpointsAreAtTheServersOrigin) {
  const AuthorizationServerMetadata metadata =
      default_endpoints("https://MCP.example.com:8443/api/mcp?session=1");
  EXPECT_EQ(metadata.issuer, "https://mcp.example.com:8443");
  EXPECT_EQ(metadata.authorization_endpoint, "https://mcp.example.com:8443/authorize");
  EXPECT_EQ(metadata.token_endpoint, "https://mcp.example.com:8443/token");
  EXPECT_EQ(metadata.registration_endpoint, "https://mcp.example.com:8443/register");
  EXPECT_THAT(metadata.token_endpoint_auth_methods_supported, IsEmpty());
  EXPECT_THAT(metadata.code_challenge_methods_supported, IsEmpty());
}

}  // namespace
}  // namespace kosmo::oauth
