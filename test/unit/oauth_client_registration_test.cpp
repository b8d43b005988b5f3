// Dynamic Client Registration (RFC 7591): the metadata kosmo sends and what it takes from the
// answer.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "lib/oauth/client_registration.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::oauth {
namespace {

using test::failure_of;
using ::testing::ElementsAre;
using ::testing::Pair;

constexpr const char* kRedirect = "http://127.0.0.1:49152/callback";

rapidjson::Document parsed(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  EXPECT_TRUE(document.IsObject()) << text;
  return document;
}

std::vector<std::string> strings(const rapidjson::Value& array) {
  std::vector<std::string> values;
  for (const auto& item : array.GetArray()) values.emplace_back(item.GetString());
  return values;
}

AuthorizationServerMetadata server_with_methods(std::vector<std::string> methods) {
  AuthorizationServerMetadata server;
  server.issuer = "https://auth.example.com";
  server.token_endpoint = "https://auth.example.com/token";
  server.registration_endpoint = "https://auth.example.com/register";
  server.token_endpoint_auth_methods_supported = std::move(methods);
  return server;
}

TEST(OAuthClientRegistrationTest, TheRequestDescribesANativeClientWithItsRedirect) {
  const rapidjson::Document body =
      parsed(registration_request_body(kRedirect, server_with_methods({"none"})));
  ASSERT_TRUE(body.IsObject());
  EXPECT_STREQ(body["client_name"].GetString(), "kosmo");
  EXPECT_THAT(strings(body["redirect_uris"]), ElementsAre(kRedirect));
  EXPECT_THAT(strings(body["grant_types"]), ElementsAre("authorization_code", "refresh_token"));
  EXPECT_THAT(strings(body["response_types"]), ElementsAre("code"));
  EXPECT_STREQ(body["token_endpoint_auth_method"].GetString(), "none");
  EXPECT_EQ(body.MemberCount(), 5u);
}

TEST(OAuthClientRegistrationTest, APublicClientIsAskedForOnlyWhenTheServerTakesNone) {
  for (const std::vector<std::string>& methods :
       {std::vector<std::string>{}, std::vector<std::string>{"client_secret_basic"},
        std::vector<std::string>{"client_secret_post", "private_key_jwt"}}) {
    const rapidjson::Document body =
        parsed(registration_request_body(kRedirect, server_with_methods(methods)));
    ASSERT_TRUE(body.IsObject());
    EXPECT_STREQ(body["token_endpoint_auth_method"].GetString(), "client_secret_basic");
  }
}

TEST(OAuthClientRegistrationTest, ARedirectNeedingEscapesStaysValidJson) {
  const std::string redirect = "http://127.0.0.1:1/callback?a=\"b\"\\";
  const rapidjson::Document body = parsed(registration_request_body(redirect, {}));
  ASSERT_TRUE(body.IsObject());
  EXPECT_THAT(strings(body["redirect_uris"]), ElementsAre(redirect));
}

TEST(OAuthClientRegistrationTest, ARegisteredConfidentialClientKeepsItsSecretAndMethod) {
  const Outcome<ClientIdentity> client =
      parse_registration_response({201, R"({"client_id": "dyn-1", "client_secret": "dyn-secret",
                "token_endpoint_auth_method": "client_secret_post",
                "redirect_uris": ["http://127.0.0.1:49152/callback"]})"});
  ASSERT_TRUE(client) << client.error().message;
  EXPECT_EQ(client->client_id, "dyn-1");
  EXPECT_EQ(client->client_secret, "dyn-secret");
  EXPECT_EQ(client->method, ClientAuthMethod::kSecretPost);
  EXPECT_EQ(client->private_key_pem, "");
}

TEST(OAuthClientRegistrationTest, APublicClientHasNoSecret) {
  const auto client = parse_registration_response(
      {200, R"({"client_id": "dyn-2", "token_endpoint_auth_method": "none"})"});
  ASSERT_TRUE(client);
  EXPECT_EQ(client->client_id, "dyn-2");
  EXPECT_EQ(client->client_secret, "");
  EXPECT_EQ(client->method, ClientAuthMethod::kNone);
}

TEST(OAuthClientRegistrationTest, AnAbsentOrUnknownMethodIsLeftToBeChosen) {
  const auto absent = parse_registration_response({201, R"({"client_id": "c"})"});
  ASSERT_TRUE(absent);
  EXPECT_EQ(absent->method, std::nullopt);
  const auto unknown = parse_registration_response(
      {201, R"({"client_id": "c", "token_endpoint_auth_method": "tls_client_auth"})"});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->method, std::nullopt);
}

TEST(OAuthClientRegistrationTest, ARefusalNamesTheStatusAndError) {
  const Failure failure = failure_of(parse_registration_response(
      {400, R"({"error": "invalid_redirect_uri", "error_description": "loopback only"})"}));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message, "client registration failed (HTTP 400: invalid_redirect_uri)");
}

TEST(OAuthClientRegistrationTest, ARefusalWithoutJsonNamesTheStatus) {
  const Failure failure = failure_of(parse_registration_response({403, "<h1>Forbidden</h1>"}));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message, "client registration failed (HTTP 403)");
}

TEST(OAuthClientRegistrationTest, AnAnswerWithoutClientIdIsAFailure) {
  for (const char* body :
       {R"({"client_secret": "s"})", R"({"client_id": ""})", R"({"client_id": 42})", "not json"}) {
    SCOPED_TRACE(body);
    const Failure failure = failure_of(parse_registration_response({201, body}));
    EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
    EXPECT_EQ(failure.message, "client registration failed (HTTP 201)");
  }
}

TEST(OAuthClientRegistrationTest, AClientIdInAnErrorAnswerIsNotTaken) {
  const Failure failure =
      failure_of(parse_registration_response({500, R"({"client_id": "c", "error": "oops"})"}));
  EXPECT_EQ(failure.message, "client registration failed (HTTP 500: oops)");
}

// Records the request and answers as told.
class RecordingClient : public http::HttpClient {
 public:
  http::HttpResult send(const http::HttpRequest& request) override {
    requests.push_back(request);
    return result;
  }
  std::vector<http::HttpRequest> requests;
  http::HttpResult result;
};

TEST(OAuthClientRegistrationTest, RegisterClientPostsTheJsonToTheRegistrationEndpoint) {
  RecordingClient http_client;
  http_client.result.transport_ok = true;
  http_client.result.response.status = 201;
  http_client.result.response.body = R"({"client_id": "dyn-3"})";
  const AuthorizationServerMetadata server = server_with_methods({"none"});
  const Outcome<ClientIdentity> client =
      register_client(OAuthFetch(http_client, 12), server, kRedirect);
  ASSERT_TRUE(client);
  EXPECT_EQ(client->client_id, "dyn-3");
  ASSERT_EQ(http_client.requests.size(), 1u);
  const http::HttpRequest& request = http_client.requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.url, "https://auth.example.com/register");
  EXPECT_THAT(request.headers, ElementsAre(Pair("Accept", "application/json"),
                                           Pair("Content-Type", "application/json")));
  EXPECT_EQ(request.body, registration_request_body(kRedirect, server));
  EXPECT_EQ(request.total_timeout_s, 12);
  EXPECT_FALSE(request.retry_allowed);
}

TEST(OAuthClientRegistrationTest, AnUnreachableRegistrationEndpointIsNamedWithoutItsQuery) {
  RecordingClient http_client;
  http_client.result.transport_ok = false;
  http_client.result.transport_error = "Could not resolve host: auth.example.com";
  AuthorizationServerMetadata server = server_with_methods({});
  server.registration_endpoint = "https://auth.example.com/register?tenant=secret-ish";
  const Failure failure =
      failure_of(register_client(OAuthFetch(http_client, 5), server, kRedirect));
  EXPECT_EQ(failure.code, ErrorCode::kAuthRequired);
  EXPECT_EQ(failure.message,
            "could not reach https://auth.example.com/register: Could not resolve host: "
            "auth.example.com");
}

}  // namespace
}  // namespace kosmo::oauth
