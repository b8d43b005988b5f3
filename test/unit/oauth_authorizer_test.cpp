// The OAuth orchestrator against scripted authorization servers: every metadata GET, registration
// and token POST is answered from a script keyed by method and URL and recorded, so the tests
// assert exactly what kosmo asked for and in which order. The authorization-code grant runs a
// real loopback redirect; its "browser" is a shell script that answers the authorization URL by
// requesting the redirect_uri with a code and the URL's state, as an authorization server would
// have the person's browser do.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <sys/stat.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/config/environment.h"
#include "lib/http/base64.h"
#include "lib/http/redactor.h"
#include "lib/oauth/authorizer.h"
#include "test/unit/outcome_testing.h"
#include "test/unit/test_files.h"

namespace kosmo::oauth {
namespace {

using test::failure_of;
using ::testing::_;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

constexpr int64_t kNow = 1'700'000'000;
const std::string kServerUrl = "https://mcp.example.com/mcp";
const std::string kPrmUrl = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";
const std::string kPrmRootUrl = "https://mcp.example.com/.well-known/oauth-protected-resource";
const std::string kIssuer = "https://auth.example.com/tenant1";
const std::string kAsMetadataUrl =
    "https://auth.example.com/.well-known/oauth-authorization-server/tenant1";
const std::string kOidcMetadataUrl =
    "https://auth.example.com/.well-known/openid-configuration/tenant1";
const std::string kAuthorizeEndpoint = "https://auth.example.com/tenant1/authorize";
const std::string kTokenEndpoint = "https://auth.example.com/tenant1/token";
const std::string kRegisterEndpoint = "https://auth.example.com/tenant1/register";
const std::string kChallenge = "Bearer resource_metadata=\"" + kPrmUrl + "\"";

using Fields = std::vector<std::pair<std::string, std::string>>;

// Authorization servers answering from a script; anything unscripted is a 404.
class ScriptedOAuthServers : public http::HttpClient {
 public:
  // `method url` is answered with each answer in turn, the last one repeated.
  void answer(const std::string& method, const std::string& url, int status, std::string body) {
    script_[method + " " + url].emplace_back(status, std::move(body));
  }

  http::HttpResult send(const http::HttpRequest& request) override {
    requests.push_back(request);
    http::HttpResult result;
    result.transport_ok = true;
    result.response.status = 404;
    result.response.body = R"({"error":"not_found"})";
    const auto found = script_.find(request.method + " " + request.url);
    if (found != script_.end() && !found->second.empty()) {
      result.response.status = found->second.front().first;
      result.response.body = found->second.front().second;
      if (found->second.size() > 1) found->second.pop_front();
    }
    result.response.headers = {{"content-type", "application/json"}};
    return result;
  }

  // "GET <url>" for every request, in order.
  std::vector<std::string> lines() const {
    std::vector<std::string> lines;
    for (const http::HttpRequest& request : requests) {
      lines.push_back(request.method + " " + request.url);
    }
    return lines;
  }

  std::vector<http::HttpRequest> sent(const std::string& method, const std::string& url) const {
    std::vector<http::HttpRequest> matching;
    for (const http::HttpRequest& request : requests) {
      if (request.method == method && request.url == url) matching.push_back(request);
    }
    return matching;
  }

  std::vector<http::HttpRequest> requests;

 private:
  std::map<std::string, std::deque<std::pair<int, std::string>>> script_;
};

// application/x-www-form-urlencoded decoding, written here rather than borrowed from
// oauth_urls.h so the encoding under test is not also the decoding that checks it.
std::string form_decoded(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

Fields form_fields(std::string_view body) {
  Fields fields;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    const size_t eq = pair.find('=');
    fields.emplace_back(form_decoded(pair.substr(0, eq)),
                        eq == std::string_view::npos ? "" : form_decoded(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    body = body.substr(amp + 1);
  }
  return fields;
}

Fields query_fields(const std::string& url) {
  const size_t mark = url.find('?');
  return mark == std::string::npos ? Fields{} : form_fields(url.substr(mark + 1));
}

std::string value_of(const Fields& fields, const std::string& name) {
  for (const auto& [key, value] : fields) {
    if (key == name) return value;
  }
  return "<absent>";
}

std::string header_of(const http::HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (http::equals_ignore_case(key, name)) return value;
  }
  return "<absent>";
}

// RFC 7636 S256, computed with libcrypto rather than the libsodium code under test.
std::string s256(const std::string& verifier) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(verifier.data(), verifier.size(), digest, &length, EVP_sha256(), nullptr);
  return http::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), length),
                             http::Base64Alphabet::kUrlSafe, false);
}

std::string resource_metadata(const std::string& resource = kServerUrl,
                              const std::string& scopes = R"(["files:read"])") {
  return R"({"resource":")" + resource + R"(","authorization_servers":[")" + kIssuer +
         R"("],"scopes_supported":)" + scopes + "}";
}

// The authorization server's metadata; `extra` adds members (",\"name\": value").
std::string server_metadata(const std::string& extra = "") {
  return R"({"issuer":")" + kIssuer + R"(","authorization_endpoint":")" + kAuthorizeEndpoint +
         R"(","token_endpoint":")" + kTokenEndpoint + R"(","registration_endpoint":")" +
         kRegisterEndpoint + R"(","code_challenge_methods_supported":["S256"])" + extra + "}";
}

constexpr const char* kRedirectPy = R"(import sys, urllib.parse
url, code, state, error = sys.argv[1:5]
query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
answer = {}
if code:
    answer["code"] = code
if error:
    answer["error"] = error
    answer["error_description"] = "the user said no"
answer["state"] = state or query["state"][0]
print(query["redirect_uri"][0] + "?" + urllib.parse.urlencode(answer))
)";

class OAuthAuthorizerTest : public ::testing::Test {
 protected:
  OAuthAuthorizerTest()
      : env_{{"KOSMO_HOME", (dir_.path() / "kosmo-home").string()},
             {"HOME", (dir_.path() / "home").string()},
             {"KOSMO_CREDENTIAL_KEY", "authorizer-test-key"}},
        store_(dir_.path() / "kosmo-home" / "mcp-oauth.json", env_) {
    std::ofstream(dir_.path() / "redirect.py") << kRedirectPy;
  }

  AuthorizerContext base_context() {
    AuthorizerContext context;
    context.server_name = "files";
    context.server_url = kServerUrl;
    context.http = &servers_;
    context.store = &store_;
    context.redactor = &redactor_;
    context.wait_s = 20;
    context.request_timeout_s = 5;
    context.now = [] { return kNow; };
    context.show_url = [this](const std::string& url) { shown_urls_.push_back(url); };
    return context;
  }

  // A browser command that sends the redirect back with `code` and the URL's state (or `state`),
  // or with `error`; every URL it is run with is appended to opened_urls_file().
  std::string browser(const std::string& code, const std::string& state = "",
                      const std::string& error = "") {
    const std::filesystem::path script =
        dir_.path() / ("browser-" + std::to_string(++browsers_) + ".sh");
    const std::string dir = dir_.path().string();
    std::ofstream(script) << "#!/bin/sh\n"
                          << "printf '%s\\n' \"$1\" >> '" << opened_urls_file().string() << "'\n"
                          << "target=$(python3 '" << dir << "/redirect.py' \"$1\" '" << code
                          << "' '" << state << "' '" << error << "') || exit 1\n"
                          << "exec curl --silent --show-error --noproxy '*' --max-time 10 "
                             "--output /dev/null \"$target\"\n";
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    return script.string();
  }

  std::filesystem::path opened_urls_file() const { return dir_.path() / "opened-urls"; }
  std::string opened_urls() const {
    return std::filesystem::exists(opened_urls_file()) ? testing::read_file(opened_urls_file())
                                                       : "";
  }

  void serve_discovery(const std::string& resource = resource_metadata(),
                       const std::string& server = server_metadata()) {
    servers_.answer("GET", kPrmUrl, 200, resource);
    servers_.answer("GET", kAsMetadataUrl, 200, server);
  }

  StoredAuthorization stored_entry(int64_t expires_at) const {
    StoredAuthorization stored;
    stored.server_url = kServerUrl;
    stored.resource = kServerUrl;
    stored.issuer = kIssuer;
    stored.token_endpoint = kTokenEndpoint;
    stored.client.client_id = "stored-client";
    stored.client.method = ClientAuthMethod::kNone;
    stored.tokens.access_token = "old-access-token";
    stored.tokens.refresh_token = "refresh-token-1";
    stored.tokens.scope = "files:read";
    stored.tokens.expires_at = expires_at;
    stored.requested_scope = "files:read";
    stored.grant = kGrantAuthorizationCode;
    return stored;
  }

  std::optional<StoredAuthorization> stored() const {
    Outcome<std::optional<StoredAuthorization>> loaded = store_.load("files");
    EXPECT_TRUE(loaded) << loaded.error().message;
    return loaded ? *loaded : std::nullopt;
  }

  OAuthSettings client_credentials_settings() const {
    OAuthSettings settings;
    settings.grant = kGrantClientCredentials;
    settings.client_id = "ci-client";
    settings.client_secret = "ci-secret";
    return settings;
  }

  // The token request of a client_credentials test (the only POST to the token endpoint).
  Fields only_token_request_fields() const {
    const std::vector<http::HttpRequest> posts = servers_.sent("POST", kTokenEndpoint);
    EXPECT_THAT(posts, SizeIs(1));
    return posts.empty() ? Fields{} : form_fields(posts[0].body);
  }

  testing::TempDir dir_{"kosmo-oauth-authorizer"};
  config::MapEnvironment env_;
  TokenStore store_;
  ScriptedOAuthServers servers_;
  http::Redactor redactor_;
  std::vector<std::string> shown_urls_;
  int browsers_ = 0;
};

// --- The authorization-code grant -----------------------------------------------------------

TEST_F(OAuthAuthorizerTest, CodeGrantDiscoversRegistersAndExchangesTheCodeWithPkce) {
  const std::string named_prm = "https://mcp.example.com/meta/prm.json";
  servers_.answer("GET", named_prm, 200, resource_metadata());
  // The RFC 8414 location is missing; OpenID Connect's path-inserted one answers.
  servers_.answer("GET", kOidcMetadataUrl, 200,
                  server_metadata(R"(,"token_endpoint_auth_methods_supported":["none"])"));
  servers_.answer("POST", kRegisterEndpoint, 201,
                  R"({"client_id":"dyn-client","token_endpoint_auth_method":"none"})");
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"access-token-1","token_type":"Bearer","expires_in":3600,)"
                  R"("refresh_token":"refresh-token-1","scope":"files:read"})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("auth-code-123");
  Authorizer authorizer(std::move(context));

  EXPECT_EQ(authorizer.authorization_header(), "");
  const std::optional<Failure> refused =
      authorizer.on_refused(401, "Bearer resource_metadata=\"" + named_prm + "\"");
  ASSERT_EQ(refused, std::nullopt) << refused->message;

  EXPECT_THAT(servers_.lines(),
              ElementsAre("GET " + named_prm, "GET " + kAsMetadataUrl, "GET " + kOidcMetadataUrl,
                          "POST " + kRegisterEndpoint, "POST " + kTokenEndpoint));

  // The authorization request, as shown and as given to the browser.
  ASSERT_THAT(shown_urls_, SizeIs(1));
  const std::string& url = shown_urls_[0];
  EXPECT_EQ(opened_urls(), url + "\n");
  EXPECT_THAT(url, StartsWith(kAuthorizeEndpoint + "?"));
  const Fields query = query_fields(url);
  const std::string redirect_uri = value_of(query, "redirect_uri");
  EXPECT_THAT(redirect_uri, MatchesRegex(R"(http://127\.0\.0\.1:[0-9]+/callback)"));
  const std::string state = value_of(query, "state");
  EXPECT_GE(state.size(), 16u);
  const std::string challenge = value_of(query, "code_challenge");
  EXPECT_THAT(query, UnorderedElementsAre(
                         Pair("response_type", "code"), Pair("client_id", "dyn-client"),
                         Pair("redirect_uri", redirect_uri), Pair("state", state),
                         Pair("code_challenge", challenge), Pair("code_challenge_method", "S256"),
                         Pair("scope", "files:read"), Pair("resource", kServerUrl)));

  // Registration names the same redirect URI.
  const http::HttpRequest& registration = servers_.requests[3];
  EXPECT_EQ(header_of(registration, "Content-Type"), "application/json");
  rapidjson::Document metadata;
  metadata.Parse(registration.body.c_str());
  ASSERT_TRUE(metadata.IsObject()) << registration.body;
  ASSERT_TRUE(metadata["redirect_uris"].IsArray());
  EXPECT_EQ(metadata["redirect_uris"][0].GetString(), redirect_uri);
  EXPECT_STREQ(metadata["token_endpoint_auth_method"].GetString(), "none");

  // The token request proves possession of the verifier behind the challenge.
  const http::HttpRequest& token = servers_.requests[4];
  EXPECT_EQ(header_of(token, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(header_of(token, "Authorization"), "<absent>");
  const Fields fields = form_fields(token.body);
  EXPECT_THAT(fields, UnorderedElementsAre(
                          Pair("grant_type", "authorization_code"), Pair("code", "auth-code-123"),
                          Pair("redirect_uri", redirect_uri), Pair("code_verifier", _),
                          Pair("resource", kServerUrl), Pair("client_id", "dyn-client")));
  const std::string verifier = value_of(fields, "code_verifier");
  EXPECT_EQ(verifier.size(), 43u);
  EXPECT_EQ(s256(verifier), challenge);

  EXPECT_EQ(authorizer.authorization_header(), "Bearer access-token-1");
  const std::optional<StoredAuthorization> saved = stored();
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->server_url, kServerUrl);
  EXPECT_EQ(saved->resource, kServerUrl);
  EXPECT_EQ(saved->issuer, kIssuer);
  EXPECT_EQ(saved->token_endpoint, kTokenEndpoint);
  EXPECT_EQ(saved->client.client_id, "dyn-client");
  EXPECT_EQ(saved->client.method, ClientAuthMethod::kNone);
  EXPECT_EQ(saved->tokens.access_token, "access-token-1");
  EXPECT_EQ(saved->tokens.refresh_token, "refresh-token-1");
  EXPECT_EQ(saved->tokens.expires_at, kNow + 3600);
  EXPECT_EQ(saved->requested_scope, "files:read");
  EXPECT_EQ(saved->grant, "authorization_code");

  EXPECT_EQ(redactor_.redact("code auth-code-123 access access-token-1 refresh refresh-token-1"),
            "code <redacted> access <redacted> refresh <redacted>");
}

TEST_F(OAuthAuthorizerTest, WithoutBrowserOrPersonTheCodeGrantAsksForMcpLogin) {
  serve_discovery();
  Authorizer authorizer(base_context());
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': authorization required. Run: kosmo mcp:login files (or set "
            "KOSMO_OAUTH_BROWSER to authorize during runs).");
  EXPECT_THAT(servers_.sent("POST", kRegisterEndpoint), IsEmpty());
  EXPECT_THAT(servers_.sent("POST", kTokenEndpoint), IsEmpty());
  EXPECT_THAT(shown_urls_, IsEmpty());
  EXPECT_EQ(authorizer.authorization_header(), "");
}

TEST_F(OAuthAuthorizerTest, ResourceMetadataForAnotherServerIsRefused) {
  servers_.answer("GET", kPrmUrl, 200, resource_metadata("https://other.example.com/mcp"));
  servers_.answer("GET", kAsMetadataUrl, 200, server_metadata());
  AuthorizerContext context = base_context();
  context.browser_command = browser("never-used");
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': its resource metadata names 'https://other.example.com/mcp', not "
            "this server (https://mcp.example.com/mcp); kosmo does not authorize for another "
            "resource.");
  EXPECT_THAT(servers_.lines(), ElementsAre("GET " + kPrmUrl));
  EXPECT_THAT(shown_urls_, IsEmpty());
  EXPECT_EQ(opened_urls(), "");
}

TEST_F(OAuthAuthorizerTest, ResourceMetadataForASiblingPathIsRefused) {
  servers_.answer("GET", kPrmUrl, 200, resource_metadata("https://mcp.example.com/mc"));
  Authorizer authorizer(base_context());
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_THAT(failure.message, StartsWith("MCP server 'files': its resource metadata names "
                                          "'https://mcp.example.com/mc', not this server"));
  EXPECT_THAT(servers_.lines(), ElementsAre("GET " + kPrmUrl));
}

TEST_F(OAuthAuthorizerTest, WithoutAnyMetadataTheServersOriginAuthorizesAtDefaultEndpoints) {
  servers_.answer("POST", "https://mcp.example.com/register", 201,
                  R"({"client_id":"legacy-client","client_secret":"legacy-secret"})");
  servers_.answer("POST", "https://mcp.example.com/token", 200,
                  R"({"access_token":"legacy-access","token_type":"Bearer"})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("legacy-code");
  Authorizer authorizer(std::move(context));
  const std::optional<Failure> refused = authorizer.on_refused(401, "");
  ASSERT_EQ(refused, std::nullopt) << refused->message;

  EXPECT_THAT(
      servers_.lines(),
      ElementsAre("GET " + kPrmUrl, "GET " + kPrmRootUrl,
                  "GET https://mcp.example.com/.well-known/oauth-authorization-server",
                  "GET https://mcp.example.com/.well-known/openid-configuration",
                  "POST https://mcp.example.com/register", "POST https://mcp.example.com/token"));
  ASSERT_THAT(shown_urls_, SizeIs(1));
  EXPECT_THAT(shown_urls_[0], StartsWith("https://mcp.example.com/authorize?"));
  EXPECT_EQ(value_of(query_fields(shown_urls_[0]), "resource"), kServerUrl);
  EXPECT_EQ(value_of(query_fields(shown_urls_[0]), "scope"), "<absent>");

  // Without a method list the server takes client_secret_basic only (RFC 8414 §2).
  rapidjson::Document metadata;
  metadata.Parse(servers_.requests[4].body.c_str());
  ASSERT_TRUE(metadata.IsObject());
  EXPECT_STREQ(metadata["token_endpoint_auth_method"].GetString(), "client_secret_basic");
  const http::HttpRequest& token = servers_.requests[5];
  EXPECT_EQ(header_of(token, "Authorization"), "Basic bGVnYWN5LWNsaWVudDpsZWdhY3ktc2VjcmV0");
  EXPECT_THAT(form_fields(token.body),
              UnorderedElementsAre(Pair("grant_type", "authorization_code"),
                                   Pair("code", "legacy-code"), Pair("redirect_uri", _),
                                   Pair("code_verifier", _), Pair("resource", kServerUrl)));
  EXPECT_EQ(authorizer.authorization_header(), "Bearer legacy-access");
  const std::optional<StoredAuthorization> saved = stored();
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->issuer, "https://mcp.example.com");
  EXPECT_EQ(saved->token_endpoint, "https://mcp.example.com/token");
  EXPECT_EQ(saved->client.client_secret, "legacy-secret");
  EXPECT_EQ(redactor_.redact("legacy-secret"), "<redacted>");
}

TEST_F(OAuthAuthorizerTest, ResourceMetadataIsLookedForAtTheRootAfterThePathBasedUrl) {
  servers_.answer("GET", kPrmRootUrl, 200, resource_metadata("https://mcp.example.com"));
  servers_.answer("GET", kAsMetadataUrl, 200, server_metadata());
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"root-access"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.on_refused(401, "Bearer"), std::nullopt);
  EXPECT_THAT(servers_.lines(), ElementsAre("GET " + kPrmUrl, "GET " + kPrmRootUrl,
                                            "GET " + kAsMetadataUrl, "POST " + kTokenEndpoint));
  EXPECT_EQ(authorizer.authorization_header(), "Bearer root-access");
}

TEST_F(OAuthAuthorizerTest, OfflineAccessIsAskedForWhenTheServerListsIt) {
  serve_discovery(resource_metadata(),
                  server_metadata(R"(,"scopes_supported":["files:read","offline_access"],)"
                                  R"("token_endpoint_auth_methods_supported":["none"])"));
  servers_.answer("POST", kRegisterEndpoint, 201, R"({"client_id":"dyn-client"})");
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"access-offline","refresh_token":"refresh-offline"})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("offline-code");
  Authorizer authorizer(std::move(context));
  const std::optional<Failure> refused =
      authorizer.on_refused(401, kChallenge + ", scope=\"files:read\"");
  ASSERT_EQ(refused, std::nullopt) << refused->message;
  ASSERT_THAT(shown_urls_, SizeIs(1));
  EXPECT_EQ(value_of(query_fields(shown_urls_[0]), "scope"), "files:read offline_access");
  ASSERT_TRUE(authorizer.held());
  EXPECT_EQ(authorizer.held()->requested_scope, "files:read offline_access");
}

TEST_F(OAuthAuthorizerTest, AClientIdMetadataDocumentIsUsedInsteadOfRegistering) {
  serve_discovery(resource_metadata(),
                  server_metadata(R"(,"client_id_metadata_document_supported":true)"));
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"cimd-access"})");
  AuthorizerContext context = base_context();
  context.settings.client_metadata_url = "https://kosmo.example/oauth/client.json";
  context.browser_command = browser("cimd-code");
  Authorizer authorizer(std::move(context));
  const std::optional<Failure> refused = authorizer.on_refused(401, kChallenge);
  ASSERT_EQ(refused, std::nullopt) << refused->message;
  EXPECT_THAT(servers_.lines(),
              ElementsAre("GET " + kPrmUrl, "GET " + kAsMetadataUrl, "POST " + kTokenEndpoint));
  ASSERT_THAT(shown_urls_, SizeIs(1));
  EXPECT_EQ(value_of(query_fields(shown_urls_[0]), "client_id"),
            "https://kosmo.example/oauth/client.json");
  EXPECT_EQ(value_of(only_token_request_fields(), "client_id"),
            "https://kosmo.example/oauth/client.json");
}

TEST_F(OAuthAuthorizerTest, WithoutRegistrationOrClientIdTheEntryMustBeConfigured) {
  servers_.answer("GET", kPrmUrl, 200, resource_metadata());
  servers_.answer("GET", kAsMetadataUrl, 200,
                  R"({"issuer":")" + kIssuer + R"(","authorization_endpoint":")" +
                      kAuthorizeEndpoint + R"(","token_endpoint":")" + kTokenEndpoint +
                      R"(","code_challenge_methods_supported":["S256"]})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("unused");
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message,
            "MCP server 'files': its authorization server offers no dynamic client registration; "
            "register kosmo there and set \"oauth\": {\"client_id\": ...} in the entry.");
  EXPECT_EQ(opened_urls(), "");
}

TEST_F(OAuthAuthorizerTest, AServerWithoutS256IsNotAuthorizedWith) {
  serve_discovery(resource_metadata(), R"({"issuer":")" + kIssuer +
                                           R"(","authorization_endpoint":")" + kAuthorizeEndpoint +
                                           R"(","token_endpoint":")" + kTokenEndpoint +
                                           R"(","code_challenge_methods_supported":["plain"]})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("unused");
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': its authorization server does not offer PKCE with S256; kosmo "
            "does not authorize without it.");
  EXPECT_THAT(servers_.lines(), ElementsAre("GET " + kPrmUrl, "GET " + kAsMetadataUrl));
  EXPECT_EQ(opened_urls(), "");
}

// MCP 2025-11-25, "Authorization Code Protection": metadata without
// code_challenge_methods_supported means no PKCE, and clients MUST refuse to proceed. (Only the
// 2025-03-26 fallback, which has no metadata at all, authorizes without the list.)
TEST_F(OAuthAuthorizerTest, MetadataWithoutCodeChallengeMethodsIsNotAuthorizedWith) {
  serve_discovery(resource_metadata(),
                  R"({"issuer":")" + kIssuer + R"(","authorization_endpoint":")" +
                      kAuthorizeEndpoint + R"(","token_endpoint":")" + kTokenEndpoint +
                      R"(","registration_endpoint":")" + kRegisterEndpoint + R"("})");
  servers_.answer("POST", kRegisterEndpoint, 201, R"({"client_id":"dyn-client"})");
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"without-pkce"})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("no-pkce-code");
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_THAT(failure.message, HasSubstr("does not offer PKCE with S256"));
  EXPECT_THAT(servers_.lines(), ElementsAre("GET " + kPrmUrl, "GET " + kAsMetadataUrl));
  EXPECT_EQ(opened_urls(), "");
  EXPECT_EQ(authorizer.authorization_header(), "");
}

// RFC 8414 §3.3 (and OpenID Connect Discovery §4.3): metadata whose issuer is not the one its
// URL was built from MUST NOT be used; otherwise whoever serves it chooses where kosmo sends the
// client's secret.
TEST_F(OAuthAuthorizerTest, MetadataNamingAnotherIssuerIsNotUsed) {
  servers_.answer("GET", kPrmUrl, 200, resource_metadata());
  const std::string impostor =
      R"({"issuer":"https://impostor.example.com","authorization_endpoint":)"
      R"("https://impostor.example.com/authorize","token_endpoint":)"
      R"("https://impostor.example.com/token","code_challenge_methods_supported":["S256"]})";
  servers_.answer("GET", kAsMetadataUrl, 200, impostor);
  servers_.answer("GET", kOidcMetadataUrl, 200, impostor);
  servers_.answer("GET", "https://auth.example.com/tenant1/.well-known/openid-configuration", 200,
                  impostor);
  servers_.answer("POST", "https://impostor.example.com/token", 200,
                  R"({"access_token":"from-the-impostor"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_THAT(servers_.lines(), Not(Contains("POST https://impostor.example.com/token")));
  EXPECT_EQ(authorizer.authorization_header(), "");
}

TEST_F(OAuthAuthorizerTest, ARedirectWithAnotherStateIsRefused) {
  serve_discovery();
  servers_.answer("POST", kRegisterEndpoint, 201, R"({"client_id":"dyn-client"})");
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"never"})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("forged-code", "forged-state");
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': the redirect's state does not match this authorization (a stale "
            "or forged redirect); try again.");
  EXPECT_THAT(servers_.sent("POST", kTokenEndpoint), IsEmpty());
  EXPECT_EQ(authorizer.authorization_header(), "");
}

TEST_F(OAuthAuthorizerTest, ARefusedAuthorizationReportsTheServersError) {
  serve_discovery();
  servers_.answer("POST", kRegisterEndpoint, 201, R"({"client_id":"dyn-client"})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("", "", "access_denied");
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': the authorization was refused: access_denied (the user said no).");
  EXPECT_THAT(servers_.sent("POST", kTokenEndpoint), IsEmpty());
}

TEST_F(OAuthAuthorizerTest, ARefusedCodeExchangeReportsTheTokenEndpointsError) {
  serve_discovery();
  servers_.answer("POST", kRegisterEndpoint, 201, R"({"client_id":"dyn-client"})");
  servers_.answer("POST", kTokenEndpoint, 400,
                  R"({"error":"invalid_grant","error_description":"code expired"})");
  AuthorizerContext context = base_context();
  context.browser_command = browser("late-code");
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': the token endpoint refused: HTTP 400: invalid_grant (code "
            "expired).");
  EXPECT_FALSE(stored());
}

// --- Scope selection and client credentials --------------------------------------------------

TEST_F(OAuthAuthorizerTest, ClientCredentialsUseBasicAuthAndTheResourcesScopes) {
  serve_discovery(
      resource_metadata(kServerUrl, R"(["files:read","files:write"])"),
      server_metadata(R"(,"scopes_supported":["files:read","files:write","offline_access"],)"
                      R"("token_endpoint_auth_methods_supported":["client_secret_basic",)"
                      R"("client_secret_post"])"));
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"cc-access-token","token_type":"bearer","expires_in":600})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.on_refused(401, kChallenge), std::nullopt);

  EXPECT_THAT(servers_.lines(),
              ElementsAre("GET " + kPrmUrl, "GET " + kAsMetadataUrl, "POST " + kTokenEndpoint));
  const http::HttpRequest& token = servers_.requests[2];
  EXPECT_EQ(header_of(token, "Authorization"), "Basic Y2ktY2xpZW50OmNpLXNlY3JldA==");
  // No offline_access: a client_credentials client gets no refresh token.
  EXPECT_THAT(
      form_fields(token.body),
      UnorderedElementsAre(Pair("grant_type", "client_credentials"),
                           Pair("scope", "files:read files:write"), Pair("resource", kServerUrl)));
  EXPECT_EQ(authorizer.authorization_header(), "Bearer cc-access-token");
  ASSERT_TRUE(authorizer.held());
  EXPECT_EQ(authorizer.held()->grant, "client_credentials");
  EXPECT_EQ(authorizer.held()->requested_scope, "files:read files:write");
  EXPECT_EQ(authorizer.held()->tokens.expires_at, kNow + 600);
  EXPECT_EQ(shown_urls_, std::vector<std::string>{});
}

TEST_F(OAuthAuthorizerTest, ScopeComesFromTheChallengeBeforeScopesSupported) {
  serve_discovery(resource_metadata(kServerUrl, R"(["files:read","files:write"])"));
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"scoped"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.on_refused(401, kChallenge + ", scope=\"files:admin files:audit\""),
            std::nullopt);
  EXPECT_EQ(value_of(only_token_request_fields(), "scope"), "files:admin files:audit");
}

TEST_F(OAuthAuthorizerTest, TheEntrysScopeComesBeforeTheChallenge) {
  serve_discovery(resource_metadata(kServerUrl, R"(["files:read"])"));
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"scoped"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  context.settings.scope = "custom:one custom:two";
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.on_refused(401, kChallenge + ", scope=\"files:admin\""), std::nullopt);
  EXPECT_EQ(value_of(only_token_request_fields(), "scope"), "custom:one custom:two");
}

TEST_F(OAuthAuthorizerTest, NoScopeAnywhereSendsNoScope) {
  serve_discovery(resource_metadata(kServerUrl, "[]"));
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"unscoped"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.on_refused(401, kChallenge), std::nullopt);
  EXPECT_THAT(
      only_token_request_fields(),
      UnorderedElementsAre(Pair("grant_type", "client_credentials"), Pair("resource", kServerUrl)));
}

TEST_F(OAuthAuthorizerTest, ClientCredentialsWithoutClientIdIsAConfigError) {
  serve_discovery();
  AuthorizerContext context = base_context();
  context.settings.grant = kGrantClientCredentials;
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message,
            "MCP server 'files': the client_credentials grant needs \"oauth\": {\"client_id\": "
            "...} with a client_secret or private_key.");
  EXPECT_THAT(servers_.sent("POST", kTokenEndpoint), IsEmpty());
}

// --- Step-up ---------------------------------------------------------------------------------

TEST_F(OAuthAuthorizerTest, InsufficientScopeAuthorizesAgainWithTheUnion) {
  serve_discovery();
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"token-read"})");
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"token-read-write"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.on_refused(401, kChallenge + ", scope=\"files:read\""), std::nullopt);
  EXPECT_EQ(authorizer.authorization_header(), "Bearer token-read");

  const std::optional<Failure> step_up = authorizer.on_refused(
      403, "Bearer error=\"insufficient_scope\", scope=\"files:write files:read\"");
  ASSERT_EQ(step_up, std::nullopt) << step_up->message;
  const std::vector<http::HttpRequest> posts = servers_.sent("POST", kTokenEndpoint);
  ASSERT_THAT(posts, SizeIs(2));
  EXPECT_EQ(value_of(form_fields(posts[1].body), "scope"), "files:read files:write");
  EXPECT_EQ(authorizer.authorization_header(), "Bearer token-read-write");
  EXPECT_EQ(authorizer.held()->requested_scope, "files:read files:write");
  // Discovery happened once.
  EXPECT_THAT(servers_.sent("GET", kPrmUrl), SizeIs(1));
  EXPECT_THAT(servers_.sent("GET", kAsMetadataUrl), SizeIs(1));
}

TEST_F(OAuthAuthorizerTest, InsufficientScopeForScopesAlreadyAskedForIsNotAskedAgain) {
  serve_discovery();
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"token-read"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.on_refused(401, kChallenge + ", scope=\"files:read files:write\""),
            std::nullopt);
  const Failure failure = failure_of(
      authorizer.on_refused(403, "Bearer error=\"insufficient_scope\", scope=\"files:write\""));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': the server still answers insufficient_scope for scope "
            "'files:read files:write', which kosmo was granted; not asking again.");
  EXPECT_THAT(servers_.sent("POST", kTokenEndpoint), SizeIs(1));
  EXPECT_EQ(authorizer.authorization_header(), "Bearer token-read");
}

TEST_F(OAuthAuthorizerTest, AForbiddenWithoutInsufficientScopeIsNotAuthorizedAgain) {
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  const Failure failure =
      failure_of(authorizer.on_refused(403, "Bearer error=\"invalid_token\", scope=\"files:x\""));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message, "MCP server 'files': the server refused the request (HTTP 403).");
  EXPECT_THAT(servers_.requests, IsEmpty());
}

TEST_F(OAuthAuthorizerTest, AtMostThreeAuthorizationsPerRun) {
  serve_discovery();
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"short-lived"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  for (int round = 0; round < 3; ++round) {
    ASSERT_EQ(authorizer.on_refused(401, kChallenge), std::nullopt) << round;
  }
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': still refuses kosmo after 3 authorizations in this run.");
  EXPECT_THAT(servers_.sent("POST", kTokenEndpoint), SizeIs(3));
}

// --- Stored tokens and refresh ---------------------------------------------------------------

TEST_F(OAuthAuthorizerTest, AStoredLiveTokenIsSentWithoutAnyRequest) {
  ASSERT_EQ(store_.save("files", stored_entry(kNow + 3600)), std::nullopt);
  Authorizer authorizer(base_context());
  EXPECT_EQ(authorizer.authorization_header(), "Bearer old-access-token");
  EXPECT_THAT(servers_.requests, IsEmpty());
}

TEST_F(OAuthAuthorizerTest, AnExpiringTokenIsRefreshedAndKeepsItsRefreshToken) {
  // 20 seconds left: within the 30-second margin.
  ASSERT_EQ(store_.save("files", stored_entry(kNow + 20)), std::nullopt);
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"new-access-token","token_type":"Bearer","expires_in":3600})");
  Authorizer authorizer(base_context());
  EXPECT_EQ(authorizer.authorization_header(), "Bearer new-access-token");

  EXPECT_THAT(servers_.lines(), ElementsAre("POST " + kTokenEndpoint));
  EXPECT_THAT(form_fields(servers_.requests[0].body),
              UnorderedElementsAre(
                  Pair("grant_type", "refresh_token"), Pair("refresh_token", "refresh-token-1"),
                  Pair("resource", kServerUrl), Pair("client_id", "stored-client")));
  ASSERT_TRUE(authorizer.held());
  EXPECT_EQ(authorizer.held()->tokens.refresh_token, "refresh-token-1");
  EXPECT_EQ(authorizer.held()->tokens.scope, "files:read");
  EXPECT_EQ(authorizer.held()->tokens.expires_at, kNow + 3600);
  const std::optional<StoredAuthorization> saved = stored();
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->tokens.access_token, "new-access-token");
  EXPECT_EQ(saved->tokens.refresh_token, "refresh-token-1");

  EXPECT_EQ(authorizer.authorization_header(), "Bearer new-access-token");
  EXPECT_THAT(servers_.requests, SizeIs(1));
}

TEST_F(OAuthAuthorizerTest, ARotatedRefreshTokenReplacesTheOldOne) {
  StoredAuthorization entry = stored_entry(kNow - 10);
  entry.client.client_secret = "stored-secret";
  entry.client.method = ClientAuthMethod::kSecretBasic;
  ASSERT_EQ(store_.save("files", entry), std::nullopt);
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"new-access-token","refresh_token":"refresh-token-2"})");
  Authorizer authorizer(base_context());
  EXPECT_EQ(authorizer.authorization_header(), "Bearer new-access-token");
  ASSERT_THAT(servers_.requests, SizeIs(1));
  EXPECT_EQ(header_of(servers_.requests[0], "Authorization"),
            "Basic c3RvcmVkLWNsaWVudDpzdG9yZWQtc2VjcmV0");
  EXPECT_EQ(value_of(form_fields(servers_.requests[0].body), "client_id"), "<absent>");
  const std::optional<StoredAuthorization> saved = stored();
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->tokens.refresh_token, "refresh-token-2");
  EXPECT_EQ(redactor_.redact("refresh-token-2"), "<redacted>");
}

TEST_F(OAuthAuthorizerTest, ARunFindingTokensAnotherRunRefreshedTakesThemInsteadOfRefreshing) {
  // Two runs hold the same live token and rotating refresh token; the server refuses the token
  // to both (revoked). The first refreshes (rotating the refresh token); the second, refused
  // next, must not spend the refresh token the first already spent.
  ASSERT_EQ(store_.save("files", stored_entry(kNow + 3600)), std::nullopt);
  Authorizer first(base_context());
  Authorizer second(base_context());
  ASSERT_EQ(first.authorization_header(), "Bearer old-access-token");
  ASSERT_EQ(second.authorization_header(), "Bearer old-access-token");
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"new-access-token","refresh_token":"refresh-token-2",)"
                  R"("expires_in":3600})");

  EXPECT_FALSE(first.on_refused(401, "Bearer").has_value());
  EXPECT_FALSE(second.on_refused(401, "Bearer").has_value());

  EXPECT_THAT(servers_.lines(), ElementsAre("POST " + kTokenEndpoint));
  EXPECT_EQ(second.authorization_header(), "Bearer new-access-token");
  ASSERT_TRUE(second.held());
  EXPECT_EQ(second.held()->tokens.refresh_token, "refresh-token-2");
  EXPECT_EQ(redactor_.redact("refresh-token-2"), "<redacted>");
}

TEST_F(OAuthAuthorizerTest, ARefusedRefreshForgetsTheTokens) {
  ASSERT_EQ(store_.save("files", stored_entry(kNow - 10)), std::nullopt);
  servers_.answer("POST", kTokenEndpoint, 400, R"({"error":"invalid_grant"})");
  Authorizer authorizer(base_context());
  EXPECT_EQ(authorizer.authorization_header(), "");
  EXPECT_THAT(servers_.lines(), ElementsAre("POST " + kTokenEndpoint));
  EXPECT_FALSE(authorizer.held());
  EXPECT_FALSE(stored());
  EXPECT_THAT(store_.servers().value(), IsEmpty());
}

TEST_F(OAuthAuthorizerTest, AnExpiredTokenWithoutRefreshTokenIsNotSent) {
  StoredAuthorization entry = stored_entry(kNow - 10);
  entry.tokens.refresh_token.clear();
  ASSERT_EQ(store_.save("files", entry), std::nullopt);
  Authorizer authorizer(base_context());
  EXPECT_EQ(authorizer.authorization_header(), "");
  EXPECT_THAT(servers_.requests, IsEmpty());
}

TEST_F(OAuthAuthorizerTest, AStoredEntryForAnotherServerUrlIsNotUsed) {
  StoredAuthorization entry = stored_entry(kNow + 3600);
  entry.server_url = "https://old.example.com/mcp";
  ASSERT_EQ(store_.save("files", entry), std::nullopt);
  Authorizer authorizer(base_context());
  EXPECT_EQ(authorizer.authorization_header(), "");
  EXPECT_FALSE(authorizer.held());
  EXPECT_THAT(servers_.requests, IsEmpty());
  EXPECT_EQ(redactor_.redact("old-access-token"), "old-access-token");
}

TEST_F(OAuthAuthorizerTest, AnUnauthorizedTokenIsRefreshedOnceThenAuthorizedAnew) {
  StoredAuthorization entry = stored_entry(kNow + 3600);
  entry.client.client_id = "ci-client";
  entry.client.client_secret = "ci-secret";
  entry.client.method = ClientAuthMethod::kSecretBasic;
  entry.grant = kGrantClientCredentials;
  ASSERT_EQ(store_.save("files", entry), std::nullopt);
  serve_discovery();
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"refreshed-access"})");
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"fresh-access"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  EXPECT_EQ(authorizer.authorization_header(), "Bearer old-access-token");

  ASSERT_EQ(authorizer.on_refused(401, kChallenge), std::nullopt);
  EXPECT_THAT(servers_.lines(), ElementsAre("POST " + kTokenEndpoint));
  EXPECT_EQ(value_of(form_fields(servers_.requests[0].body), "grant_type"), "refresh_token");
  EXPECT_EQ(authorizer.authorization_header(), "Bearer refreshed-access");

  ASSERT_EQ(authorizer.on_refused(401, kChallenge), std::nullopt);
  EXPECT_THAT(servers_.lines(), ElementsAre("POST " + kTokenEndpoint, "GET " + kPrmUrl,
                                            "GET " + kAsMetadataUrl, "POST " + kTokenEndpoint));
  EXPECT_EQ(value_of(form_fields(servers_.requests[3].body), "grant_type"), "client_credentials");
  EXPECT_EQ(authorizer.authorization_header(), "Bearer fresh-access");
}

TEST_F(OAuthAuthorizerTest, LoginAuthorizesWhateverIsHeld) {
  ASSERT_EQ(store_.save("files", stored_entry(kNow + 3600)), std::nullopt);
  serve_discovery();
  servers_.answer("POST", kTokenEndpoint, 200, R"({"access_token":"login-access"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  ASSERT_EQ(authorizer.login(""), std::nullopt);
  EXPECT_EQ(value_of(only_token_request_fields(), "grant_type"), "client_credentials");
  EXPECT_EQ(authorizer.authorization_header(), "Bearer login-access");
  ASSERT_TRUE(stored());
  EXPECT_EQ(stored()->tokens.access_token, "login-access");
}

// --- Redaction -------------------------------------------------------------------------------

TEST_F(OAuthAuthorizerTest, TheRedactorLearnsTheTokensObtained) {
  serve_discovery();
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"granted-access-token","refresh_token":"granted-refresh"})");
  AuthorizerContext context = base_context();
  context.settings = client_credentials_settings();
  Authorizer authorizer(std::move(context));
  EXPECT_EQ(redactor_.redact("granted-access-token"), "granted-access-token");
  ASSERT_EQ(authorizer.on_refused(401, kChallenge), std::nullopt);
  EXPECT_EQ(redactor_.redact("a=granted-access-token r=granted-refresh"),
            "a=<redacted> r=<redacted>");
}

TEST_F(OAuthAuthorizerTest, TheRedactorLearnsTheStoredTokensWhenTheyAreLoaded) {
  StoredAuthorization entry = stored_entry(kNow + 3600);
  entry.client.client_secret = "stored-secret";
  ASSERT_EQ(store_.save("files", entry), std::nullopt);
  Authorizer authorizer(base_context());
  ASSERT_EQ(authorizer.authorization_header(), "Bearer old-access-token");
  EXPECT_EQ(redactor_.redact("old-access-token refresh-token-1 stored-secret"),
            "<redacted> <redacted> <redacted>");
}

// --- SEP-990 identity assertion --------------------------------------------------------------

class OAuthIdentityAssertionTest : public OAuthAuthorizerTest {
 protected:
  static constexpr const char* kIdpToken = "https://idp.example.com/oauth2/token";

  AuthorizerContext identity_context() {
    AuthorizerContext context = base_context();
    context.settings.grant = kGrantIdentityAssertion;
    context.settings.id_token = "id-token-from-idp";
    context.settings.idp_token_endpoint = kIdpToken;
    context.settings.idp_client_id = "idp-client";
    context.settings.idp_client_secret = "idp-secret";
    context.settings.client_id = "mcp-client";
    context.settings.client_secret = "mcp-secret";
    return context;
  }
};

TEST_F(OAuthIdentityAssertionTest, TheIdTokenIsExchangedThenPresentedAsAJwtBearerGrant) {
  serve_discovery(resource_metadata(),
                  server_metadata(R"(,"scopes_supported":["files:read","offline_access"])"));
  servers_.answer("POST", kIdpToken, 200,
                  R"({"access_token":"id-jag-assertion","token_type":"N_A","expires_in":300,)"
                  R"("issued_token_type":"urn:ietf:params:oauth:token-type:id-jag"})");
  servers_.answer("POST", kTokenEndpoint, 200,
                  R"({"access_token":"ia-access-token","token_type":"Bearer"})");
  Authorizer authorizer(identity_context());
  const std::optional<Failure> refused = authorizer.on_refused(401, kChallenge);
  ASSERT_EQ(refused, std::nullopt) << refused->message;

  EXPECT_THAT(servers_.lines(),
              ElementsAre("GET " + kPrmUrl, "GET " + kAsMetadataUrl,
                          "POST " + std::string(kIdpToken), "POST " + kTokenEndpoint));
  const http::HttpRequest& exchange = servers_.requests[2];
  EXPECT_EQ(header_of(exchange, "Authorization"), "Basic aWRwLWNsaWVudDppZHAtc2VjcmV0");
  EXPECT_THAT(
      form_fields(exchange.body),
      UnorderedElementsAre(Pair("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
                           Pair("requested_token_type", "urn:ietf:params:oauth:token-type:id-jag"),
                           Pair("audience", kIssuer), Pair("resource", kServerUrl),
                           Pair("subject_token", "id-token-from-idp"),
                           Pair("subject_token_type", "urn:ietf:params:oauth:token-type:id_token"),
                           Pair("scope", "files:read")));

  const http::HttpRequest& grant = servers_.requests[3];
  EXPECT_EQ(header_of(grant, "Authorization"), "Basic bWNwLWNsaWVudDptY3Atc2VjcmV0");
  EXPECT_THAT(
      form_fields(grant.body),
      UnorderedElementsAre(Pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                           Pair("assertion", "id-jag-assertion"), Pair("scope", "files:read")));

  EXPECT_EQ(authorizer.authorization_header(), "Bearer ia-access-token");
  ASSERT_TRUE(authorizer.held());
  EXPECT_EQ(authorizer.held()->grant, "identity_assertion");
  EXPECT_EQ(redactor_.redact("id-jag-assertion ia-access-token"), "<redacted> <redacted>");
  EXPECT_THAT(shown_urls_, IsEmpty());
}

TEST_F(OAuthIdentityAssertionTest, ARefusedExchangeStopsBeforeTheAuthorizationServer) {
  serve_discovery();
  servers_.answer("POST", kIdpToken, 400,
                  R"({"error":"invalid_grant","error_description":"id token expired"})");
  Authorizer authorizer(identity_context());
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "MCP server 'files': the identity provider refused the token exchange: HTTP 400: "
            "invalid_grant (id token expired).");
  EXPECT_THAT(servers_.sent("POST", kTokenEndpoint), IsEmpty());
}

TEST_F(OAuthIdentityAssertionTest, AnIncompleteEntryIsAConfigError) {
  serve_discovery();
  AuthorizerContext context = identity_context();
  context.settings.id_token.clear();
  Authorizer authorizer(std::move(context));
  const Failure failure = failure_of(authorizer.on_refused(401, kChallenge));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message,
            "MCP server 'files': the identity_assertion grant needs \"oauth\": {\"id_token\", "
            "\"idp_token_endpoint\", \"client_id\", ...}.");
  EXPECT_THAT(servers_.sent("POST", kIdpToken), IsEmpty());
}

}  // namespace
}  // namespace kosmo::oauth
