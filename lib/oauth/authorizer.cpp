#include "lib/oauth/authorizer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "lib/config/config_error.h"
#include "lib/config/file_lock.h"
#include "lib/oauth/browser.h"
#include "lib/oauth/client_registration.h"
#include "lib/oauth/loopback_redirect.h"
#include "lib/oauth/oauth_fetch.h"
#include "lib/oauth/oauth_urls.h"
#include "lib/oauth/pkce.h"

namespace kosmo::oauth {
namespace {

// New authorizations (not refreshes) one run may start: a first one and two step-ups.
constexpr int kMaxAuthorizations = 3;
constexpr const char* kOfflineAccess = "offline_access";
constexpr const char* kTokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
constexpr const char* kJwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
constexpr const char* kIdTokenType = "urn:ietf:params:oauth:token-type:id_token";
constexpr const char* kIdJagTokenType = "urn:ietf:params:oauth:token-type:id-jag";

// Issuer identifiers compare as written, but for a trailing '/'.
bool same_issuer(std::string_view a, std::string_view b) {
  while (!a.empty() && a.back() == '/') a.remove_suffix(1);
  while (!b.empty() && b.back() == '/') b.remove_suffix(1);
  return a == b;
}

// The first of `urls` that answers 200 with a document `parse` accepts; nullopt when none does.
// Fails only when one cannot be reached.
template <typename Parse>
auto first_document(const OAuthFetch& fetch, const std::vector<std::string>& urls, Parse parse)
    -> Outcome<decltype(parse(std::string_view()))> {
  for (const std::string& url : urls) {
    Outcome<FetchAnswer> answer = fetch.get(url);
    if (!answer) return answer.error();
    if (answer->status != 200) continue;
    if (auto document = parse(answer->body)) return document;
  }
  return decltype(parse(std::string_view()))();
}

}  // namespace

Authorizer::Authorizer(AuthorizerContext context)
    : context_(std::move(context)), fetch_(*context_.http, context_.request_timeout_s) {}

int64_t Authorizer::now() const {
  if (context_.now) return context_.now();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Failure Authorizer::failure(ErrorCode code, const std::string& what) const {
  return Failure{code, "MCP server '" + context_.server_name + "': " + what};
}

void Authorizer::load_stored() {
  if (loaded_) return;
  loaded_ = true;
  if (context_.store == nullptr) return;
  Outcome<std::optional<StoredAuthorization>> stored = context_.store->load(context_.server_name);
  if (!stored) {
    spdlog::warn("{}", stored.error().message);
    return;
  }
  // Tokens go only to the URL they were issued for.
  if (*stored && (*stored)->server_url == context_.server_url) hold(std::move(**stored));
}

void Authorizer::hold(StoredAuthorization stored) {
  if (context_.redactor != nullptr) {
    for (const std::string* secret : {&stored.tokens.access_token, &stored.tokens.refresh_token,
                                      &stored.client.client_secret}) {
      if (!secret->empty()) context_.redactor->add_secret(*secret);
    }
  }
  requested_scopes_ = split_scopes(stored.requested_scope);
  held_ = std::move(stored);
}

void Authorizer::forget_held() {
  held_.reset();
  if (context_.store == nullptr) return;
  Outcome<bool> removed = context_.store->remove(context_.server_name);
  if (!removed) spdlog::warn("{}", removed.error().message);
}

void Authorizer::save_held() const {
  if (context_.store == nullptr || !held_) return;
  if (std::optional<Failure> unsaved = context_.store->save(context_.server_name, *held_)) {
    spdlog::warn("{}", unsaved->message);
  }
}

std::string Authorizer::authorization_header() {
  load_stored();
  if (!held_) return "";
  if (held_->tokens.expired(now()) && !refresh()) return "";
  return "Bearer " + held_->tokens.access_token;
}

std::optional<Failure> Authorizer::on_refused(int status, std::string_view www_authenticate) {
  load_stored();
  const BearerChallenge challenge = parse_bearer_challenge(www_authenticate);
  if (status == 403) {
    if (challenge.error != "insufficient_scope") {
      return failure(ErrorCode::kAuthRequired, "the server refused the request (HTTP 403).");
    }
    const std::vector<std::string> wanted =
        union_scopes(requested_scopes_, split_scopes(challenge.scope));
    if (wanted.size() == requested_scopes_.size()) {
      return failure(ErrorCode::kAuthRequired,
                     "the server still answers insufficient_scope for scope '" +
                         join_scopes(wanted) + "', which kosmo was granted; not asking again.");
    }
    if (std::optional<Failure> failed = discover(challenge)) return failed;
    spdlog::info("MCP server '{}' needs scope '{}': authorizing again", context_.server_name,
                 join_scopes(wanted));
    return authorize(wanted);
  }
  // A token the server no longer takes (revoked, or the server forgot it): its refresh token
  // is tried once before asking for a new authorization.
  if (held_ && !held_->tokens.refresh_token.empty() && !refreshed_for_refusal_) {
    refreshed_for_refusal_ = true;
    if (refresh()) return std::nullopt;
  }
  if (std::optional<Failure> failed = discover(challenge)) return failed;
  return authorize(scopes_for(challenge));
}

std::optional<Failure> Authorizer::login(std::string_view www_authenticate) {
  const BearerChallenge challenge = parse_bearer_challenge(www_authenticate);
  if (std::optional<Failure> failed = discover(challenge)) return failed;
  return authorize(scopes_for(challenge));
}

std::optional<Failure> Authorizer::discover(const BearerChallenge& challenge) {
  if (discovered_) return std::nullopt;
  std::vector<std::string> candidates;
  if (!challenge.resource_metadata.empty()) candidates.push_back(challenge.resource_metadata);
  for (std::string& url : protected_resource_metadata_urls(context_.server_url)) {
    if (std::ranges::find(candidates, url) == candidates.end()) {
      candidates.push_back(std::move(url));
    }
  }
  Outcome<std::optional<ProtectedResourceMetadata>> found =
      first_document(fetch_, candidates, parse_protected_resource_metadata);
  if (!found) return failure(ErrorCode::kAuthRequired, found.error().message);
  std::optional<ProtectedResourceMetadata>& resource = *found;
  std::string issuer;
  if (resource) {
    if (!resource_covers(resource->resource, context_.server_url)) {
      return failure(ErrorCode::kAuthRequired,
                     "its resource metadata names '" + resource->resource + "', not this server (" +
                         canonical_resource(context_.server_url) +
                         "); kosmo does not authorize for another resource.");
    }
    resource_ = resource->resource;
    resource_scopes_ = resource->scopes_supported;
    if (!resource->authorization_servers.empty()) issuer = resource->authorization_servers.front();
  } else {
    resource_ = canonical_resource(context_.server_url);
  }
  // The 2025-03-26 revision: without resource metadata the server's origin authorizes.
  const bool legacy = issuer.empty();
  if (legacy) issuer = split_url(context_.server_url).value_or(SplitUrl{}).origin;
  Outcome<std::optional<AuthorizationServerMetadata>> documented = first_document(
      fetch_, authorization_server_metadata_urls(issuer), parse_authorization_server_metadata);
  if (!documented) return failure(ErrorCode::kAuthRequired, documented.error().message);
  std::optional<AuthorizationServerMetadata>& server = *documented;
  if (!server && !legacy) {
    return failure(ErrorCode::kAuthRequired,
                   "no metadata found for its authorization server " + issuer + ".");
  }
  // RFC 8414 §3.3: metadata naming another issuer must not be used (it could send the client's
  // secret to an impostor's token endpoint). The 2025-03-26 fallback had no issuer to compare:
  // the server's origin only says where to look.
  if (server && !legacy && !same_issuer(server->issuer, issuer)) {
    return failure(ErrorCode::kAuthRequired,
                   "the metadata of its authorization server " + issuer + " names issuer '" +
                       server->issuer + "'; kosmo does not use it.");
  }
  metadata_documented_ = server.has_value();
  server_ = server ? std::move(*server) : default_endpoints(context_.server_url);
  if (server_.issuer.empty()) server_.issuer = issuer;
  discovered_ = true;
  return std::nullopt;
}

std::vector<std::string> Authorizer::scopes_for(const BearerChallenge& challenge) const {
  std::vector<std::string> scopes;
  if (!context_.settings.scope.empty()) {
    scopes = split_scopes(context_.settings.scope);
  } else if (!challenge.scope.empty()) {
    scopes = split_scopes(challenge.scope);
  } else {
    scopes = resource_scopes_;
  }
  if (!context_.settings.unattended() && server_.supports_scope(kOfflineAccess)) {
    scopes = union_scopes(std::move(scopes), {kOfflineAccess});
  }
  return scopes;
}

std::optional<Failure> Authorizer::authorize(const std::vector<std::string>& scopes) {
  if (++authorizations_ > kMaxAuthorizations) {
    return failure(ErrorCode::kAuthRequired, "still refuses kosmo after " +
                                                 std::to_string(kMaxAuthorizations) +
                                                 " authorizations in this run.");
  }
  std::optional<Failure> failed;
  if (context_.settings.uses_client_credentials()) {
    failed = client_credentials_grant(scopes);
  } else if (context_.settings.uses_identity_assertion()) {
    failed = identity_assertion_grant(scopes);
  } else {
    failed = authorization_code_grant(scopes);
  }
  if (!failed) refreshed_for_refusal_ = false;
  return failed;
}

ClientIdentity Authorizer::configured_client() const {
  const OAuthSettings& settings = context_.settings;
  ClientIdentity client;
  client.client_id = settings.client_id;
  client.client_secret = settings.client_secret;
  client.private_key_pem = settings.private_key;
  client.signing_algorithm = settings.signing_algorithm;
  client.method = parse_auth_method(settings.token_endpoint_auth_method);
  return client;
}

std::optional<Failure> Authorizer::client_credentials_grant(
    const std::vector<std::string>& scopes) {
  const ClientIdentity client = configured_client();
  if (client.client_id.empty()) {
    return failure(ErrorCode::kConfig,
                   "the client_credentials grant needs \"oauth\": {\"client_id\": ...} with a "
                   "client_secret or private_key.");
  }
  FormFields grant{{"grant_type", kGrantClientCredentials}};
  if (!scopes.empty()) grant.emplace_back("scope", join_scopes(scopes));
  grant.emplace_back("resource", resource_);
  return obtain(client, std::move(grant), scopes, kGrantClientCredentials);
}

// SEP-990: the ID token becomes an identity assertion grant at the identity provider (RFC 8693),
// addressed to this authorization server and resource, which the client then presents as a JWT
// bearer grant (RFC 7523).
std::optional<Failure> Authorizer::identity_assertion_grant(
    const std::vector<std::string>& scopes) {
  const OAuthSettings& settings = context_.settings;
  if (settings.id_token.empty() || settings.idp_token_endpoint.empty() ||
      settings.client_id.empty()) {
    return failure(ErrorCode::kConfig,
                   "the identity_assertion grant needs \"oauth\": {\"id_token\", "
                   "\"idp_token_endpoint\", \"client_id\", ...}.");
  }
  AuthorizationServerMetadata identity_provider;
  identity_provider.token_endpoint = settings.idp_token_endpoint;
  ClientIdentity idp_client;
  idp_client.client_id = settings.idp_client_id;
  idp_client.client_secret = settings.idp_client_secret;
  FormFields exchange{
      {"grant_type", kTokenExchangeGrant},  {"requested_token_type", kIdJagTokenType},
      {"audience", server_.issuer},         {"resource", resource_},
      {"subject_token", settings.id_token}, {"subject_token_type", kIdTokenType}};
  if (!scopes.empty()) exchange.emplace_back("scope", join_scopes(scopes));
  Outcome<FetchAnswer> answer =
      post_to_token_endpoint(identity_provider, idp_client, std::move(exchange));
  if (!answer) return failure(answer.error().code, answer.error().message);
  Outcome<std::string, TokenEndpointError> assertion =
      parse_exchanged_token(answer->status, answer->body, kIdJagTokenType);
  if (!assertion) {
    return failure(ErrorCode::kAuthRequired, "the identity provider refused the token exchange: " +
                                                 assertion.error().text() + ".");
  }
  if (context_.redactor != nullptr) context_.redactor->add_secret(*assertion);
  FormFields grant{{"grant_type", kJwtBearerGrant}, {"assertion", *assertion}};
  if (!scopes.empty()) grant.emplace_back("scope", join_scopes(scopes));
  return obtain(configured_client(), std::move(grant), scopes, kGrantIdentityAssertion);
}

Outcome<ClientIdentity> Authorizer::client_for_redirect(const std::string& redirect_uri) const {
  if (!context_.settings.client_id.empty()) return configured_client();
  if (!context_.settings.client_metadata_url.empty() &&
      server_.client_id_metadata_document_supported) {
    ClientIdentity client;
    client.client_id = context_.settings.client_metadata_url;
    client.method = ClientAuthMethod::kNone;
    return client;
  }
  if (server_.registration_endpoint.empty()) {
    return failure(ErrorCode::kConfig,
                   "its authorization server offers no dynamic client registration; register "
                   "kosmo there and set \"oauth\": {\"client_id\": ...} in the entry.");
  }
  Outcome<ClientIdentity> registered = register_client(fetch_, server_, redirect_uri);
  if (!registered) return failure(ErrorCode::kAuthRequired, registered.error().message + ".");
  if (context_.redactor != nullptr && !registered->client_secret.empty()) {
    context_.redactor->add_secret(registered->client_secret);
  }
  return registered;
}

std::optional<Failure> Authorizer::authorization_code_grant(
    const std::vector<std::string>& scopes) {
  if (context_.browser_command.empty() && !context_.interactive) {
    return failure(ErrorCode::kAuthRequired,
                   "authorization required. Run: kosmo mcp:login " + context_.server_name +
                       " (or set KOSMO_OAUTH_BROWSER to authorize during runs).");
  }
  // MCP 2025-11-25: an authorization server whose metadata does not list S256 (or lists no
  // methods at all) is not authorized with; only the metadata-less 2025-03-26 fallback is.
  if (metadata_documented_ && !server_.supports_challenge_method("S256")) {
    return failure(ErrorCode::kAuthRequired,
                   "its authorization server does not offer PKCE with S256; kosmo does not "
                   "authorize without it.");
  }
  Outcome<LoopbackRedirect> redirect = LoopbackRedirect::listen(context_.settings.redirect_port);
  if (!redirect) return failure(ErrorCode::kAuthRequired, redirect.error().message + ".");
  const std::string redirect_uri = redirect->redirect_uri();
  Outcome<ClientIdentity> client = client_for_redirect(redirect_uri);
  if (!client) return client.error();
  const PkcePair pkce = make_pkce_pair();
  const std::string state = random_state();
  FormFields query{{"response_type", "code"},          {"client_id", client->client_id},
                   {"redirect_uri", redirect_uri},     {"state", state},
                   {"code_challenge", pkce.challenge}, {"code_challenge_method", "S256"}};
  if (!scopes.empty()) query.emplace_back("scope", join_scopes(scopes));
  query.emplace_back("resource", resource_);
  const std::string url = with_query(server_.authorization_endpoint, query);
  if (context_.show_url) context_.show_url(url);
  spdlog::info("MCP server '{}': waiting for authorization at {}", context_.server_name,
               redirect_uri);
  if (!context_.browser_command.empty() && !open_in_browser(context_.browser_command, url)) {
    spdlog::warn("MCP server '{}': the browser command could not be started", context_.server_name);
  }
  const double wait_s =
      std::max(0.0, std::min(context_.wait_s, context_.deadline.remaining().value_or(
                                                  context_.wait_s)));
  Outcome<std::map<std::string, std::string>> answer = redirect->wait(wait_s, context_.read_stdin);
  if (!answer) return failure(ErrorCode::kAuthRequired, answer.error().message + ".");
  std::map<std::string, std::string>& parameters = *answer;
  if (parameters["state"] != state) {
    return failure(ErrorCode::kAuthRequired,
                   "the redirect's state does not match this authorization (a stale or forged "
                   "redirect); try again.");
  }
  if (!parameters["error"].empty()) {
    std::string why = parameters["error"];
    if (!parameters["error_description"].empty())
      why += " (" + parameters["error_description"] + ")";
    return failure(ErrorCode::kAuthRequired, "the authorization was refused: " + why + ".");
  }
  const std::string& code = parameters["code"];
  if (code.empty()) return failure(ErrorCode::kAuthRequired, "the redirect brought no code.");
  if (context_.redactor != nullptr) context_.redactor->add_secret(code);
  FormFields grant{{"grant_type", kGrantAuthorizationCode},
                   {"code", code},
                   {"redirect_uri", redirect_uri},
                   {"code_verifier", pkce.verifier},
                   {"resource", resource_}};
  return obtain(*client, std::move(grant), scopes, kGrantAuthorizationCode);
}

// A token request with the client's authentication. Fails with the request's own failure
// (kConfig: a secret or key the method needs is missing) or kAuthRequired when no answer came.
Outcome<FetchAnswer> Authorizer::post_to_token_endpoint(const AuthorizationServerMetadata& server,
                                                        const ClientIdentity& client,
                                                        FormFields fields) const {
  Outcome<TokenRequest> request = token_request(server, client, std::move(fields), now());
  if (!request) return request.error();
  Outcome<FetchAnswer> answer = fetch_.post_form(*request);
  if (!answer) return Failure{ErrorCode::kAuthRequired, answer.error().message + "."};
  return answer;
}

std::optional<Failure> Authorizer::obtain(const ClientIdentity& client, FormFields grant,
                                          const std::vector<std::string>& scopes,
                                          const char* grant_name) {
  Outcome<FetchAnswer> answer = post_to_token_endpoint(server_, client, std::move(grant));
  if (!answer) return failure(answer.error().code, answer.error().message);
  Outcome<TokenSet, TokenEndpointError> tokens =
      parse_token_response(answer->status, answer->body, now());
  if (!tokens) {
    return failure(ErrorCode::kAuthRequired,
                   "the token endpoint refused: " + tokens.error().text() + ".");
  }
  StoredAuthorization stored;
  stored.server_url = context_.server_url;
  stored.resource = resource_;
  stored.issuer = server_.issuer;
  stored.token_endpoint = server_.token_endpoint;
  stored.client = client;
  stored.client.private_key_pem.clear();  // it stays in the entry
  stored.client.method = choose_auth_method(client, server_);
  stored.tokens = std::move(*tokens);
  stored.requested_scope = join_scopes(scopes);
  stored.grant = grant_name;
  hold(std::move(stored));
  save_held();
  spdlog::info("MCP server '{}': authorized{}", context_.server_name,
               held_->tokens.scope.empty() ? "" : " (scope " + held_->tokens.scope + ")");
  return std::nullopt;
}

bool Authorizer::adopt_newer_stored() {
  Outcome<std::optional<StoredAuthorization>> stored = context_.store->load(context_.server_name);
  if (!stored || !*stored) return false;
  StoredAuthorization& newer = **stored;
  if (newer.server_url != context_.server_url ||
      newer.tokens.access_token == held_->tokens.access_token) {
    return false;
  }
  hold(std::move(newer));
  spdlog::debug("MCP server '{}': using the token another run stored", context_.server_name);
  return true;
}

// Refreshes the held token in place; false (and the tokens forgotten when the server refused
// the refresh token) otherwise.
bool Authorizer::refresh() {
  if (!held_ || held_->tokens.refresh_token.empty()) return false;
  // Runs sharing a rotating refresh token (cron jobs started together) would each spend it, and
  // every one but the first would be refused and forget the tokens. So refreshes are serialised
  // between processes, and a run that waited takes what the other one stored.
  std::optional<config::FileLock> one_at_a_time;
  if (context_.store != nullptr) {
    try {
      one_at_a_time.emplace(context_.store->file().string() + ".refresh");
    } catch (const config::ConfigError& error) {
      spdlog::debug("MCP server '{}': refreshing without the lock: {}", context_.server_name,
                    error.what());
    }
    // Taken even when it is about to expire: its refresh token is then the one to spend.
    if (one_at_a_time && adopt_newer_stored() && !held_->tokens.expired(now())) return true;
    if (held_->tokens.refresh_token.empty()) return false;
  }
  AuthorizationServerMetadata server = server_;
  if (!discovered_) {
    server.issuer = held_->issuer;
    server.token_endpoint = held_->token_endpoint;
  }
  ClientIdentity client = held_->client;
  client.private_key_pem = context_.settings.private_key;
  FormFields grant{{"grant_type", "refresh_token"},
                   {"refresh_token", held_->tokens.refresh_token},
                   {"resource", held_->resource}};
  Outcome<FetchAnswer> answer = post_to_token_endpoint(server, client, std::move(grant));
  if (!answer) {
    spdlog::warn("MCP server '{}': {}", context_.server_name, answer.error().message);
    return false;
  }
  Outcome<TokenSet, TokenEndpointError> tokens =
      parse_token_response(answer->status, answer->body, now());
  if (!tokens) {
    spdlog::warn("MCP server '{}': the refresh token was refused ({}); authorization needed",
                 context_.server_name, tokens.error().text());
    forget_held();
    return false;
  }
  StoredAuthorization refreshed = *held_;
  if (tokens->refresh_token.empty()) tokens->refresh_token = refreshed.tokens.refresh_token;
  if (tokens->scope.empty()) tokens->scope = refreshed.tokens.scope;
  refreshed.tokens = std::move(*tokens);
  hold(std::move(refreshed));
  save_held();
  spdlog::debug("MCP server '{}': access token refreshed", context_.server_name);
  return true;
}

}  // namespace kosmo::oauth
