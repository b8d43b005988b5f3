#pragma once
// Authorizing kosmo with one protected MCP server (MCP authorization spec, 2025-11-25; the
// 2025-03-26 revision's fallbacks for older servers), from the first 401 to the token sent with
// each request:
//
//  1. Discovery: the Protected Resource Metadata named by the challenge (else the path-based, then
//     the root well-known URL); its `resource` must cover the server's URL or kosmo refuses (a
//     server may not obtain tokens meant for another). Then the first authorization server's
//     metadata (authorization_server_metadata_urls). No resource metadata at all: the server's
//     origin is the authorization server, its metadata or else /authorize, /token, /register.
//  2. Scope: the entry's `scope`, else the challenge's, else the resource's scopes_supported,
//     else none; plus offline_access when the authorization server lists it (SEP-2207), for a
//     refresh token.
//  3. Grant: client_credentials, or SEP-990's identity assertion, when the entry says so
//     (neither needs a person); otherwise the authorization code with
//     PKCE S256 and the `resource` parameter, through the person's browser and a loopback
//     redirect. The client is the entry's pre-registered one, else its Client ID Metadata
//     Document URL when the server accepts those, else one registered dynamically.
//  4. Tokens are stored (token_store.h) and sent as "Authorization: Bearer"; an expired one is
//     refreshed first. A 401 with a token held tries the refresh token once, then authorizes
//     anew; a 403 insufficient_scope asks for the union of the scopes held and those named, and
//     only when that adds one (a server that keeps asking for what it got is not asked again).
//     At most three authorizations per run.
//
// Every token, secret and code is registered with the run's redactor as soon as it is known.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lib/common/deadline.h"
#include "lib/common/outcome.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/oauth/bearer_challenge.h"
#include "lib/oauth/oauth_fetch.h"
#include "lib/oauth/oauth_metadata.h"
#include "lib/oauth/oauth_settings.h"
#include "lib/oauth/token_store.h"

namespace kosmo::oauth {

struct AuthorizerContext {
  std::string server_name;
  std::string server_url;
  OAuthSettings settings;
  http::HttpClient* http = nullptr;   // required: the authorization servers' traffic
  const TokenStore* store = nullptr;  // null: nothing read or kept between runs
  http::Redactor* redactor = nullptr;
  // The authorization-code grant needs a person. With a browser command (KOSMO_OAUTH_BROWSER)
  // it is run with the URL; `interactive` (mcp:login) also prints the URL and waits without
  // one. Neither: a run that needs the grant fails with auth_required, naming mcp:login.
  std::string browser_command;
  bool interactive = false;
  bool read_stdin = false;  // also accept the redirect's address pasted on stdin
  double wait_s = 300;      // how long to wait for the browser each time
  Deadline deadline = {};   // the run's --timeout: no wait outlasts it
  double request_timeout_s = 30;
  // Shows the authorization URL (mcp:login prints it); may be empty.
  std::function<void(const std::string& url)> show_url;
  std::function<int64_t()> now;  // seconds since the epoch; empty: the system clock
};

class Authorizer {
 public:
  explicit Authorizer(AuthorizerContext context);

  // "Bearer <token>" for the next request, the stored token loaded on first use and an expired
  // one refreshed first; "" when none is held (the server's 401 then starts the flow).
  std::string authorization_header();

  // The server refused a request: 401, or 403 with `insufficient_scope`. nullopt when new
  // credentials are held (retry the request once); otherwise why not (kAuthRequired, or kConfig
  // for an entry that cannot work).
  std::optional<Failure> on_refused(int status, std::string_view www_authenticate);

  // mcp:login: authorize now, whatever is held. `www_authenticate`: the challenge of an
  // unauthenticated probe ("" when the server sent none).
  std::optional<Failure> login(std::string_view www_authenticate);

  const std::optional<StoredAuthorization>& held() const { return held_; }

 private:
  std::optional<Failure> discover(const BearerChallenge& challenge);
  std::optional<Failure> authorize(const std::vector<std::string>& scopes);
  std::optional<Failure> authorization_code_grant(const std::vector<std::string>& scopes);
  std::optional<Failure> client_credentials_grant(const std::vector<std::string>& scopes);
  std::optional<Failure> identity_assertion_grant(const std::vector<std::string>& scopes);
  Outcome<ClientIdentity> client_for_redirect(const std::string& redirect_uri) const;
  ClientIdentity configured_client() const;
  Outcome<FetchAnswer> post_to_token_endpoint(const AuthorizationServerMetadata& server,
                                              const ClientIdentity& client,
                                              FormFields fields) const;
  // Sends a token request and holds its tokens.
  std::optional<Failure> obtain(const ClientIdentity& client, FormFields grant,
                                const std::vector<std::string>& scopes, const char* grant_name);
  bool refresh();
  // Under the refresh lock: takes the stored tokens when another run replaced the held ones
  // meanwhile (it refreshed, rotating the refresh token, or logged in); whether it did.
  bool adopt_newer_stored();
  std::vector<std::string> scopes_for(const BearerChallenge& challenge) const;
  void load_stored();
  void hold(StoredAuthorization stored);
  void forget_held();
  void save_held() const;
  Failure failure(ErrorCode code, const std::string& what) const;
  int64_t now() const;

  AuthorizerContext context_;
  OAuthFetch fetch_;  // the authorization servers' traffic, through context_.http
  bool loaded_ = false;
  bool discovered_ = false;
  bool metadata_documented_ = false;  // server_ came from a metadata document
  std::string resource_;
  std::vector<std::string> resource_scopes_;
  AuthorizationServerMetadata server_;
  std::optional<StoredAuthorization> held_;
  std::vector<std::string> requested_scopes_;
  int authorizations_ = 0;
  bool refreshed_for_refusal_ = false;  // the last 401 was answered with a refresh
};

}  // namespace kosmo::oauth
