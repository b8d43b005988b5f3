#pragma once
// The two metadata documents an MCP client reads before authorizing: the server's Protected
// Resource Metadata (RFC 9728), which names its authorization servers, and an authorization
// server's metadata (RFC 8414 / OpenID Connect Discovery), which names its endpoints and what
// they support.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosmo::oauth {

struct ProtectedResourceMetadata {
  std::string resource;
  std::vector<std::string> authorization_servers;
  std::vector<std::string> scopes_supported;
};

struct AuthorizationServerMetadata {
  std::string issuer;
  std::string authorization_endpoint;
  std::string token_endpoint;
  std::string registration_endpoint;
  std::vector<std::string> scopes_supported;
  std::vector<std::string> grant_types_supported;
  std::vector<std::string> token_endpoint_auth_methods_supported;
  std::vector<std::string> code_challenge_methods_supported;
  bool client_id_metadata_document_supported = false;

  bool supports_scope(std::string_view scope) const;
  // RFC 8414 §2: an absent list means client_secret_basic only.
  bool supports_auth_method(std::string_view method) const;
  // Whether code_challenge_methods_supported lists `method` ("S256").
  bool supports_challenge_method(std::string_view method) const;
};

// nullopt unless `json` is an object with a string `resource` (RFC 9728 §2 requires it).
std::optional<ProtectedResourceMetadata> parse_protected_resource_metadata(std::string_view json);
// nullopt unless `json` is an object with a string `token_endpoint`.
std::optional<AuthorizationServerMetadata> parse_authorization_server_metadata(
    std::string_view json);

// The 2025-03-26 revision's fallback for a server without any metadata: /authorize, /token and
// /register at the MCP server's origin, the origin as issuer.
AuthorizationServerMetadata default_endpoints(std::string_view server_url);

}  // namespace kosmo::oauth
