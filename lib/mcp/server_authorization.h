#pragma once
// OAuth for one Streamable HTTP server during a run (lib/oauth/authorizer.h does the work): the
// run's stored tokens, an HTTP client of its own for the authorization servers (their traffic is
// neither recorded nor replayed), and the run's redactor, which learns every token.
//
// Not used when the entry says `"oauth": false`, sets its own Authorization header, or the run
// replays a cassette (nothing is authorized against a recording: replayed_authorization.h).
#include <memory>

#include "lib/common/deadline.h"
#include "lib/config/environment.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/mcp/request_authorization.h"
#include "lib/mcp/server_config.h"
#include "lib/oauth/authorizer.h"
#include "lib/oauth/token_store.h"

namespace kosmo::mcp {

// The environment variable naming the command that opens an authorization URL during runs.
inline constexpr const char* kOAuthBrowserVariable = "KOSMO_OAUTH_BROWSER";

class ServerAuthorization final : public RequestAuthorization {
 public:
  // nullptr when `expanded` is not to be authorized by kosmo (see above; the caller leaves
  // out replays). A wait for the browser ends with `deadline` (the run's --timeout).
  // `oauth_http`: the client for authorization servers (null: libcurl).
  static std::unique_ptr<ServerAuthorization> for_server(const ServerConfig& expanded,
                                                         const config::Environment& env,
                                                         http::Redactor* redactor,
                                                         const Deadline& deadline = {},
                                                         http::HttpClient* oauth_http = nullptr);

  std::string header() override { return authorizer_->authorization_header(); }
  McpCheck refused(const http::HttpResponse& response) override;

 private:
  ServerAuthorization() = default;

  std::unique_ptr<http::HttpClient> own_http_;
  std::unique_ptr<oauth::TokenStore> store_;
  std::unique_ptr<oauth::Authorizer> authorizer_;
};

// Whether an entry's own headers already authorize it (an "Authorization" header).
bool sets_authorization_header(const ServerConfig& config);
// Whether kosmo authorizes an HTTP entry's requests when the run lets it: unless its "oauth" is
// false or its own headers authorize it.
bool kosmo_authorizes(const ServerConfig& config);

// What `expanded`'s server answers an initialize request without credentials (the entry's own
// headers sent): mcp:login starts from its challenge. Fails when no answer arrives.
McpOutcome<http::HttpResponse> probe_without_authorization(const ServerConfig& expanded,
                                                           http::HttpClient& client);

// The kosmo failure of an authorization step as the MCP layer reports it.
McpFailure authorization_failure(const Failure& failure);

}  // namespace kosmo::mcp
