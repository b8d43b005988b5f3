#pragma once
// Who kosmo is at an authorization server's token endpoint, and how it proves it (RFC 6749
// §2.3, RFC 7523 §2.2): no secret (a public client, client_id in the body), the secret in an
// HTTP Basic header or in the body, or a JWT signed with the client's private key.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/common/outcome.h"
#include "lib/http/http_client.h"
#include "lib/oauth/oauth_metadata.h"

namespace kosmo::oauth {

enum class ClientAuthMethod { kNone, kSecretBasic, kSecretPost, kPrivateKeyJwt };

// "none", "client_secret_basic", "client_secret_post", "private_key_jwt".
std::string_view auth_method_name(ClientAuthMethod method);
std::optional<ClientAuthMethod> parse_auth_method(std::string_view name);

struct ClientIdentity {
  std::string client_id;
  std::string client_secret;
  std::string private_key_pem;
  std::string signing_algorithm;  // empty: the key's own
  // As registered (the registration response's token_endpoint_auth_method) or configured;
  // nullopt: chosen from what the server supports.
  std::optional<ClientAuthMethod> method;
};

// The configured or registered method; else, for a client with a private key, private_key_jwt;
// with a secret, client_secret_basic when the server takes it (RFC 8414's default), else
// client_secret_post; without either, none.
ClientAuthMethod choose_auth_method(const ClientIdentity& client,
                                    const AuthorizationServerMetadata& server);

using FormFields = std::vector<std::pair<std::string, std::string>>;

struct TokenRequest {
  std::string url;
  FormFields fields;
  http::HeaderList headers;  // Authorization for client_secret_basic
};

// A request to `server`'s token endpoint carrying `grant` (grant_type and its parameters) and
// the client's authentication. A private_key_jwt assertion is addressed to the issuer and valid
// for five minutes from `now`. Fails (kConfig) when the method needs a secret or key the client
// lacks, or the key cannot sign.
Outcome<TokenRequest> token_request(const AuthorizationServerMetadata& server,
                                    const ClientIdentity& client, FormFields grant, int64_t now);

}  // namespace kosmo::oauth
