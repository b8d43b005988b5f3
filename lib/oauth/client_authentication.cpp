#include "lib/oauth/client_authentication.h"

#include <array>

#include "lib/http/base64.h"
#include "lib/oauth/jwt_assertion.h"
#include "lib/oauth/oauth_urls.h"

namespace kosmo::oauth {
namespace {

constexpr std::array<std::pair<ClientAuthMethod, std::string_view>, 4> kMethodNames{{
    {ClientAuthMethod::kNone, "none"},
    {ClientAuthMethod::kSecretBasic, "client_secret_basic"},
    {ClientAuthMethod::kSecretPost, "client_secret_post"},
    {ClientAuthMethod::kPrivateKeyJwt, "private_key_jwt"},
}};

constexpr const char* kJwtBearerAssertionType =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

Failure missing(std::string_view what, ClientAuthMethod method) {
  return Failure{ErrorCode::kConfig, "OAuth client authentication " +
                                         std::string(auth_method_name(method)) + " needs " +
                                         std::string(what) + " (the entry's \"oauth\" object)."};
}

}  // namespace

std::string_view auth_method_name(ClientAuthMethod method) {
  for (const auto& [known, name] : kMethodNames) {
    if (known == method) return name;
  }
  return "none";
}

std::optional<ClientAuthMethod> parse_auth_method(std::string_view name) {
  for (const auto& [method, known] : kMethodNames) {
    if (known == name) return method;
  }
  return std::nullopt;
}

ClientAuthMethod choose_auth_method(const ClientIdentity& client,
                                    const AuthorizationServerMetadata& server) {
  if (client.method) return *client.method;
  if (!client.private_key_pem.empty()) return ClientAuthMethod::kPrivateKeyJwt;
  if (client.client_secret.empty()) return ClientAuthMethod::kNone;
  if (!server.supports_auth_method("client_secret_basic") &&
      server.supports_auth_method("client_secret_post")) {
    return ClientAuthMethod::kSecretPost;
  }
  return ClientAuthMethod::kSecretBasic;
}

Outcome<TokenRequest> token_request(const AuthorizationServerMetadata& server,
                                    const ClientIdentity& client, FormFields grant, int64_t now) {
  TokenRequest request{server.token_endpoint, std::move(grant), {}};
  const ClientAuthMethod method = choose_auth_method(client, server);
  switch (method) {
    case ClientAuthMethod::kNone:
      request.fields.emplace_back("client_id", client.client_id);
      break;
    case ClientAuthMethod::kSecretBasic: {
      if (client.client_secret.empty()) return missing("a client_secret", method);
      // RFC 6749 §2.3.1: both parts form-encoded before they are joined.
      const std::string pair =
          form_encode(client.client_id) + ":" + form_encode(client.client_secret);
      request.headers.emplace_back("Authorization", "Basic " + http::base64_encode(pair));
      break;
    }
    case ClientAuthMethod::kSecretPost:
      if (client.client_secret.empty()) return missing("a client_secret", method);
      request.fields.emplace_back("client_id", client.client_id);
      request.fields.emplace_back("client_secret", client.client_secret);
      break;
    case ClientAuthMethod::kPrivateKeyJwt: {
      if (client.private_key_pem.empty()) return missing("a private_key", method);
      JwtClaims claims;
      claims.issuer = client.client_id;
      claims.subject = client.client_id;
      claims.audience = server.issuer.empty() ? server.token_endpoint : server.issuer;
      claims.issued_at = now;
      Outcome<std::string> assertion =
          sign_jwt(client.private_key_pem, client.signing_algorithm, claims);
      if (!assertion) return assertion.error();
      request.fields.emplace_back("client_id", client.client_id);
      request.fields.emplace_back("client_assertion_type", kJwtBearerAssertionType);
      request.fields.emplace_back("client_assertion", std::move(*assertion));
      break;
    }
  }
  return request;
}

}  // namespace kosmo::oauth
