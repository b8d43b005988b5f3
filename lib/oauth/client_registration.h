#pragma once
// Dynamic Client Registration (RFC 7591) as the MCP spec uses it: a native client with loopback
// redirect URIs asking for the authorization-code and refresh-token grants.
#include <string>

#include "lib/common/outcome.h"
#include "lib/oauth/client_authentication.h"
#include "lib/oauth/oauth_fetch.h"
#include "lib/oauth/oauth_metadata.h"

namespace kosmo::oauth {

inline constexpr const char* kClientName = "kosmo";

// The registration request's JSON body.
std::string registration_request_body(const std::string& redirect_uri,
                                      const AuthorizationServerMetadata& server);

// Parses a registration response: client_id (required), client_secret and
// token_endpoint_auth_method when given. Fails (kAuthRequired) naming the status and error.
Outcome<ClientIdentity> parse_registration_response(const FetchAnswer& answer);

// Registers at `server`'s registration endpoint.
Outcome<ClientIdentity> register_client(const OAuthFetch& fetch,
                                        const AuthorizationServerMetadata& server,
                                        const std::string& redirect_uri);

}  // namespace kosmo::oauth
