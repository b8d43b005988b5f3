// How kosmo authenticates at a token endpoint (RFC 6749 §2.3, RFC 7523 §2.2): the method chosen
// for a client and server, and the exact fields and headers of each method's token request.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <vector>

#include "lib/http/base64.h"
#include "lib/oauth/client_authentication.h"
#include "test/unit/jwt_testing.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::oauth {
namespace {

using test::failure_of;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

constexpr int64_t kNow = 1'700'000'000;

// An EC P-256 private key in PKCS#8 PEM, made once with libcrypto (linked into the tests).
const std::string& p256_pem() {
  static const std::string pem = [] {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!key || !bio ||
        PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1) {
      return std::string();
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(length));
  }();
  return pem;
}

AuthorizationServerMetadata server_with_methods(std::vector<std::string> methods) {
  AuthorizationServerMetadata server;
  server.issuer = "https://auth.example.com";
  server.token_endpoint = "https://auth.example.com/oauth/token";
  server.token_endpoint_auth_methods_supported = std::move(methods);
  return server;
}

ClientIdentity client(std::string id, std::string secret = "") {
  ClientIdentity identity;
  identity.client_id = std::move(id);
  identity.client_secret = std::move(secret);
  return identity;
}

FormFields code_grant() { return {{"grant_type", "authorization_code"}, {"code", "c-1"}}; }

TEST(OAuthClientAuthenticationTest, MethodNamesRoundTrip) {
  for (ClientAuthMethod method :
       {ClientAuthMethod::kNone, ClientAuthMethod::kSecretBasic, ClientAuthMethod::kSecretPost,
        ClientAuthMethod::kPrivateKeyJwt}) {
    EXPECT_EQ(parse_auth_method(auth_method_name(method)), method);
  }
  EXPECT_EQ(auth_method_name(ClientAuthMethod::kNone), "none");
  EXPECT_EQ(auth_method_name(ClientAuthMethod::kSecretBasic), "client_secret_basic");
  EXPECT_EQ(auth_method_name(ClientAuthMethod::kSecretPost), "client_secret_post");
  EXPECT_EQ(auth_method_name(ClientAuthMethod::kPrivateKeyJwt), "private_key_jwt");
  EXPECT_EQ(parse_auth_method("tls_client_auth"), std::nullopt);
  EXPECT_EQ(parse_auth_method("Client_Secret_Basic"), std::nullopt);
  EXPECT_EQ(parse_auth_method(""), std::nullopt);
}

TEST(OAuthClientAuthenticationTest, TheConfiguredMethodWins) {
  ClientIdentity identity = client("c", "s");
  identity.private_key_pem = "pem";
  identity.method = ClientAuthMethod::kSecretPost;
  EXPECT_EQ(choose_auth_method(identity, server_with_methods({"client_secret_basic"})),
            ClientAuthMethod::kSecretPost);
  identity.method = ClientAuthMethod::kNone;
  EXPECT_EQ(choose_auth_method(identity, server_with_methods({})), ClientAuthMethod::kNone);
}

TEST(OAuthClientAuthenticationTest, AClientWithAPrivateKeyUsesPrivateKeyJwt) {
  ClientIdentity identity = client("c", "s");
  identity.private_key_pem = "pem";
  EXPECT_EQ(choose_auth_method(identity, server_with_methods({"client_secret_basic"})),
            ClientAuthMethod::kPrivateKeyJwt);
}

TEST(OAuthClientAuthenticationTest, AClientWithoutSecretOrKeyUsesNone) {
  EXPECT_EQ(choose_auth_method(client("c"), server_with_methods({"client_secret_basic"})),
            ClientAuthMethod::kNone);
}

TEST(OAuthClientAuthenticationTest, ASecretGoesInBasicWhenTheServerSaysNothing) {
  EXPECT_EQ(choose_auth_method(client("c", "s"), server_with_methods({})),
            ClientAuthMethod::kSecretBasic);
}

TEST(OAuthClientAuthenticationTest, ASecretGoesInBasicWhenTheServerTakesBoth) {
  EXPECT_EQ(choose_auth_method(client("c", "s"),
                               server_with_methods({"client_secret_post", "client_secret_basic"})),
            ClientAuthMethod::kSecretBasic);
}

TEST(OAuthClientAuthenticationTest, ASecretGoesInTheBodyWhenTheServerTakesOnlyPost) {
  EXPECT_EQ(
      choose_auth_method(client("c", "s"), server_with_methods({"none", "client_secret_post"})),
      ClientAuthMethod::kSecretPost);
}

TEST(OAuthClientAuthenticationTest, BasicSendsTheFormEncodedPairInTheAuthorizationHeader) {
  const Outcome<TokenRequest> request = token_request(
      server_with_methods({}), client("client id:1", "p@ss w/rd+"), code_grant(), kNow);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->url, "https://auth.example.com/oauth/token");
  // The grant alone: neither the id nor the secret is repeated in the body.
  EXPECT_THAT(request->fields,
              ElementsAre(Pair("grant_type", "authorization_code"), Pair("code", "c-1")));
  ASSERT_EQ(request->headers.size(), 1u);
  EXPECT_EQ(request->headers[0].first, "Authorization");
  const std::string& value = request->headers[0].second;
  ASSERT_EQ(value.rfind("Basic ", 0), 0u) << value;
  std::string decoded;
  ASSERT_TRUE(http::base64_decode(value.substr(6), decoded));
  EXPECT_EQ(decoded, "client+id%3A1:p%40ss+w%2Frd%2B");
}

TEST(OAuthClientAuthenticationTest, BasicOfAPlainPairIsTheStandardBase64) {
  const auto request =
      token_request(server_with_methods({}), client("ci-client", "ci-secret"), code_grant(), kNow);
  ASSERT_TRUE(request);
  EXPECT_THAT(request->headers,
              ElementsAre(Pair("Authorization", "Basic Y2ktY2xpZW50OmNpLXNlY3JldA==")));
}

TEST(OAuthClientAuthenticationTest, PostSendsIdAndSecretAsFields) {
  const auto request = token_request(server_with_methods({"client_secret_post"}),
                                     client("client-1", "secret-1"), code_grant(), kNow);
  ASSERT_TRUE(request);
  EXPECT_THAT(request->fields,
              ElementsAre(Pair("grant_type", "authorization_code"), Pair("code", "c-1"),
                          Pair("client_id", "client-1"), Pair("client_secret", "secret-1")));
  EXPECT_THAT(request->headers, IsEmpty());
}

TEST(OAuthClientAuthenticationTest, NoneSendsOnlyTheClientId) {
  const auto request =
      token_request(server_with_methods({"none"}), client("public-1"), code_grant(), kNow);
  ASSERT_TRUE(request);
  EXPECT_THAT(request->fields, ElementsAre(Pair("grant_type", "authorization_code"),
                                           Pair("code", "c-1"), Pair("client_id", "public-1")));
  EXPECT_THAT(request->headers, IsEmpty());
}

TEST(OAuthClientAuthenticationTest, PrivateKeyJwtSendsASignedAssertionForTheIssuer) {
  ASSERT_FALSE(p256_pem().empty());
  ClientIdentity identity = client("jwt-client");
  identity.private_key_pem = p256_pem();
  const auto request =
      token_request(server_with_methods({"private_key_jwt"}), identity, code_grant(), kNow);
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_THAT(request->headers, IsEmpty());
  ASSERT_EQ(request->fields.size(), 5u);
  EXPECT_THAT(std::vector(request->fields.begin(), request->fields.begin() + 4),
              ElementsAre(Pair("grant_type", "authorization_code"), Pair("code", "c-1"),
                          Pair("client_id", "jwt-client"),
                          Pair("client_assertion_type",
                               "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")));
  EXPECT_EQ(request->fields[4].first, "client_assertion");
  const std::vector<std::string> parts = test::split_jwt(request->fields[4].second);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_FALSE(parts[2].empty());
  const rapidjson::Document header = test::jwt_json_part(parts[0]);
  ASSERT_TRUE(header.IsObject());
  EXPECT_STREQ(header["alg"].GetString(), "ES256");
  const rapidjson::Document claims = test::jwt_json_part(parts[1]);
  ASSERT_TRUE(claims.IsObject());
  EXPECT_STREQ(claims["iss"].GetString(), "jwt-client");
  EXPECT_STREQ(claims["sub"].GetString(), "jwt-client");
  EXPECT_STREQ(claims["aud"].GetString(), "https://auth.example.com");
  EXPECT_EQ(claims["iat"].GetInt64(), kNow);
  EXPECT_EQ(claims["exp"].GetInt64(), kNow + 300);
  EXPECT_TRUE(claims.HasMember("jti"));
}

TEST(OAuthClientAuthenticationTest, PrivateKeyJwtIsAddressedToTheTokenEndpointWithoutIssuer) {
  ASSERT_FALSE(p256_pem().empty());
  AuthorizationServerMetadata server = server_with_methods({});
  server.issuer.clear();
  ClientIdentity identity = client("jwt-client");
  identity.private_key_pem = p256_pem();
  const auto request = token_request(server, identity, code_grant(), kNow);
  ASSERT_TRUE(request) << request.error().message;
  const std::vector<std::string> parts = test::split_jwt(request->fields.back().second);
  ASSERT_EQ(parts.size(), 3u);
  const rapidjson::Document claims = test::jwt_json_part(parts[1]);
  ASSERT_TRUE(claims.IsObject());
  EXPECT_STREQ(claims["aud"].GetString(), "https://auth.example.com/oauth/token");
}

TEST(OAuthClientAuthenticationTest, BasicWithoutSecretIsAConfigError) {
  ClientIdentity identity = client("c");
  identity.method = ClientAuthMethod::kSecretBasic;
  const Failure failure =
      failure_of(token_request(server_with_methods({}), identity, code_grant(), kNow));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message,
            "OAuth client authentication client_secret_basic needs a client_secret (the entry's "
            "\"oauth\" object).");
}

TEST(OAuthClientAuthenticationTest, PostWithoutSecretIsAConfigError) {
  ClientIdentity identity = client("c");
  identity.method = ClientAuthMethod::kSecretPost;
  const Failure failure =
      failure_of(token_request(server_with_methods({}), identity, code_grant(), kNow));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message,
            "OAuth client authentication client_secret_post needs a client_secret (the entry's "
            "\"oauth\" object).");
}

TEST(OAuthClientAuthenticationTest, PrivateKeyJwtWithoutKeyIsAConfigError) {
  ClientIdentity identity = client("c", "s");
  identity.method = ClientAuthMethod::kPrivateKeyJwt;
  const Failure failure =
      failure_of(token_request(server_with_methods({}), identity, code_grant(), kNow));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message,
            "OAuth client authentication private_key_jwt needs a private_key (the entry's "
            "\"oauth\" object).");
}

TEST(OAuthClientAuthenticationTest, AKeyThatCannotSignIsAConfigErrorWithoutTheKey) {
  ClientIdentity identity = client("c");
  identity.private_key_pem =
      "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5\n-----END PRIVATE KEY-----\n";
  const Failure failure =
      failure_of(token_request(server_with_methods({}), identity, code_grant(), kNow));
  EXPECT_EQ(failure.code, ErrorCode::kConfig);
  EXPECT_EQ(failure.message.find("bm90LWEta2V5"), std::string::npos) << failure.message;
}

}  // namespace
}  // namespace kosmo::oauth
