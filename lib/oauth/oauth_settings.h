#pragma once
// How kosmo authorizes with one Streamable HTTP MCP server: the optional "oauth" object of its
// mcp.json entry (kosmo's addition; KosmoKrator has no MCP OAuth). Nothing is needed for servers
// that register clients dynamically or accept Client ID Metadata Documents: kosmo discovers the
// rest on the server's first 401.
//
//   "oauth": {
//     "client_id": "...",              pre-registered client (else CIMD, else dynamic registration)
//     "client_secret": "${SECRET}",    its secret (@secret:/${...} references work)
//     "client_metadata_url": "https://example.com/kosmo.json",  CIMD: used as client_id
//     "scope": "read write",           instead of the challenge's or the metadata's scopes
//     "grant": "client_credentials",   machine-to-machine (CI): no browser, no refresh token
//     "private_key": "${PEM}",         private_key_jwt client authentication (ES256 or RS256)
//     "signing_algorithm": "ES256",
//     "token_endpoint_auth_method": "client_secret_post",  instead of the best one offered
//     "redirect_port": 8765            the loopback redirect's port (default: any free one)
//   }
//   Enterprise-managed authorization (SEP-990, "grant": "identity_assertion"): the person's ID
//   token from the organisation's identity provider is exchanged there (RFC 8693) for an
//   identity assertion grant (ID-JAG), which the MCP server's authorization server takes as a
//   JWT bearer grant (RFC 7523) from the client above. No browser.
//     "id_token": "${IDP_ID_TOKEN}", "idp_token_endpoint": "https://idp.example.com/token",
//     "idp_client_id": "...", "idp_client_secret": "..."
//   "oauth": false                     never authorize: a 401 is an error like any other
#include <string>

namespace kosmo::oauth {

inline constexpr const char* kGrantAuthorizationCode = "authorization_code";
inline constexpr const char* kGrantClientCredentials = "client_credentials";
inline constexpr const char* kGrantIdentityAssertion = "identity_assertion";

struct OAuthSettings {
  bool disabled = false;
  std::string client_id;
  std::string client_secret;
  std::string client_metadata_url;
  std::string scope;
  std::string grant = kGrantAuthorizationCode;
  std::string private_key;
  std::string signing_algorithm;
  std::string token_endpoint_auth_method;
  int redirect_port = 0;
  std::string id_token;
  std::string idp_token_endpoint;
  std::string idp_client_id;
  std::string idp_client_secret;

  bool uses_client_credentials() const { return grant == kGrantClientCredentials; }
  bool uses_identity_assertion() const { return grant == kGrantIdentityAssertion; }
  // Grants that need no person: no browser, no refresh token asked for.
  bool unattended() const { return uses_client_credentials() || uses_identity_assertion(); }
};

}  // namespace kosmo::oauth
