#include "lib/mcp/server_authorization.h"

#include "lib/http/curl_http_client.h"
#include "lib/mcp/json_rpc.h"
#include "lib/mcp/session.h"
#include "lib/oauth/bearer_challenge.h"

namespace kosmo::mcp {

bool RequestAuthorization::is_refusal(const http::HttpResponse& response) {
  if (response.status == 401) return true;
  return response.status == 403 &&
         oauth::parse_bearer_challenge(response.header("www-authenticate")).error ==
             "insufficient_scope";
}

bool sets_authorization_header(const ServerConfig& config) {
  for (const auto& [name, value] : config.headers) {
    if (http::equals_ignore_case(name, "authorization")) return true;
  }
  return false;
}

bool kosmo_authorizes(const ServerConfig& config) {
  return !config.oauth.disabled && !sets_authorization_header(config);
}

McpFailure authorization_failure(const Failure& failure) {
  return McpFailure{
      failure.code == ErrorCode::kConfig ? ErrorKind::kConfig : ErrorKind::kAuthRequired,
      failure.message};
}

std::unique_ptr<ServerAuthorization> ServerAuthorization::for_server(const ServerConfig& expanded,
                                                                     const config::Environment& env,
                                                                     http::Redactor* redactor,
                                                                     const Deadline& deadline,
                                                                     http::HttpClient* oauth_http) {
  if (!kosmo_authorizes(expanded)) return nullptr;
  std::unique_ptr<ServerAuthorization> authorization(new ServerAuthorization());
  if (oauth_http == nullptr) {
    authorization->own_http_ = std::make_unique<http::CurlHttpClient>();
    oauth_http = authorization->own_http_.get();
  }
  authorization->store_ = std::make_unique<oauth::TokenStore>(oauth::token_store_file(env), env);
  oauth::AuthorizerContext context;
  context.server_name = expanded.name;
  context.server_url = expanded.url;
  context.settings = expanded.oauth;
  context.http = oauth_http;
  context.store = authorization->store_.get();
  context.redactor = redactor;
  context.browser_command = env.get(kOAuthBrowserVariable).value_or("");
  context.request_timeout_s = expanded.timeout_s;
  context.deadline = deadline;
  authorization->authorizer_ = std::make_unique<oauth::Authorizer>(std::move(context));
  return authorization;
}

McpOutcome<http::HttpResponse> probe_without_authorization(const ServerConfig& expanded,
                                                           http::HttpClient& client) {
  http::HttpRequest request;
  request.method = "POST";
  request.url = expanded.url;
  for (const auto& [name, value] : expanded.headers) request.headers.emplace_back(name, value);
  request.headers.emplace_back("Accept", "application/json, text/event-stream");
  request.headers.emplace_back("Content-Type", "application/json");
  const rapidjson::Document params = initialize_params(nullptr);
  request.body = request_message(0, "initialize", &params);
  request.has_body = true;
  request.total_timeout_s = expanded.timeout_s;
  request.retry_allowed = false;
  http::HttpResult result = client.send(request);
  if (!result.transport_ok) {
    return McpFailure{
        ErrorKind::kTransport,
        "MCP server '" + expanded.name + "' could not be reached: " + result.transport_error};
  }
  return std::move(result.response);
}

McpCheck ServerAuthorization::refused(const http::HttpResponse& response) {
  if (std::optional<Failure> failed =
          authorizer_->on_refused(response.status, response.header("www-authenticate"))) {
    return authorization_failure(*failed);
  }
  return std::nullopt;
}

}  // namespace kosmo::mcp
