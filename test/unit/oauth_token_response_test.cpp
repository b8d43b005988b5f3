// Token endpoint answers (RFC 6749 §5.1, §5.2) and token-exchange answers (RFC 8693 §2.2).
#include <gtest/gtest.h>

#include <string>

#include "lib/oauth/token_response.h"
#include "test/unit/outcome_testing.h"

namespace kosmo::oauth {
namespace {

using test::failure_of;

constexpr int64_t kNow = 1'700'000'000;
constexpr const char* kIdJag = "urn:ietf:params:oauth:token-type:id-jag";

TEST(OAuthTokenResponseTest, AFullAnswerBecomesATokenSetDatedFromNow) {
  constexpr const char* kBody = R"({
    "access_token": "access-1", "token_type": "Bearer", "expires_in": 3600,
    "refresh_token": "refresh-1", "scope": "files:read offline_access"
  })";
  const Outcome<TokenSet, TokenEndpointError> tokens = parse_token_response(200, kBody, kNow);
  ASSERT_TRUE(tokens);
  EXPECT_EQ(tokens->access_token, "access-1");
  EXPECT_EQ(tokens->refresh_token, "refresh-1");
  EXPECT_EQ(tokens->scope, "files:read offline_access");
  EXPECT_EQ(tokens->expires_at, kNow + 3600);
}

TEST(OAuthTokenResponseTest, AnyNonErrorTwoHundredStatusIsAccepted) {
  const auto tokens = parse_token_response(201, R"({"access_token": "a"})", kNow);
  ASSERT_TRUE(tokens);
  EXPECT_EQ(tokens->access_token, "a");
}

TEST(OAuthTokenResponseTest, FractionalExpiresInIsTruncated) {
  const auto tokens =
      parse_token_response(200, R"({"access_token": "a", "expires_in": 59.9})", kNow);
  ASSERT_TRUE(tokens);
  EXPECT_EQ(tokens->expires_at, kNow + 59);
}

// A lifetime past what int64_t holds must not wrap into the past (the conversion is undefined
// behaviour, and on x86 it gives INT64_MIN: a token that is expired as soon as it is issued).
TEST(OAuthTokenResponseTest, AnEnormousLifetimeDoesNotMakeTheTokenExpired) {
  const auto tokens =
      parse_token_response(200, R"({"access_token": "a", "expires_in": 1e300})", kNow);
  ASSERT_TRUE(tokens);
  EXPECT_FALSE(tokens->expired(kNow)) << "expires_at " << tokens->expires_at;
  EXPECT_FALSE(tokens->expired(kNow + 86400 * 365)) << "expires_at " << tokens->expires_at;
}

TEST(OAuthTokenResponseTest, NoUsableLifetimeLeavesExpiresAtZero) {
  for (const char* body : {R"({"access_token": "a"})", R"({"access_token": "a", "expires_in": 0})",
                           R"({"access_token": "a", "expires_in": -5})",
                           R"({"access_token": "a", "expires_in": "3600"})",
                           R"({"access_token": "a", "expires_in": null})"}) {
    SCOPED_TRACE(body);
    const auto tokens = parse_token_response(200, body, kNow);
    ASSERT_TRUE(tokens);
    EXPECT_EQ(tokens->expires_at, 0);
    EXPECT_EQ(tokens->refresh_token, "");
    EXPECT_EQ(tokens->scope, "");
  }
}

TEST(OAuthTokenResponseTest, TokenTypeBearerInAnyCaseOrAbsentIsAccepted) {
  for (const char* type : {"Bearer", "bearer", "BEARER"}) {
    SCOPED_TRACE(type);
    const std::string body =
        std::string(R"({"access_token": "a", "token_type": ")") + type + R"("})";
    EXPECT_TRUE(parse_token_response(200, body, kNow));
  }
  EXPECT_TRUE(parse_token_response(200, R"({"access_token": "a"})", kNow));
}

TEST(OAuthTokenResponseTest, ANonBearerTokenIsRefused) {
  const TokenEndpointError error =
      failure_of(parse_token_response(200, R"({"access_token": "a", "token_type": "DPoP"})", kNow));
  EXPECT_EQ(error.status, 200);
  EXPECT_EQ(error.error, "");
  EXPECT_EQ(error.description, "the token is not a Bearer token");
  EXPECT_EQ(error.text(), "HTTP 200 (the token is not a Bearer token)");
}

TEST(OAuthTokenResponseTest, AnErrorBodyGivesItsErrorAndDescription) {
  const TokenEndpointError error = failure_of(parse_token_response(
      400, R"({"error": "invalid_grant", "error_description": "refresh token revoked"})", kNow));
  EXPECT_EQ(error.status, 400);
  EXPECT_EQ(error.error, "invalid_grant");
  EXPECT_EQ(error.description, "refresh token revoked");
  EXPECT_EQ(error.text(), "HTTP 400: invalid_grant (refresh token revoked)");
}

TEST(OAuthTokenResponseTest, AnErrorWithoutDescription) {
  const TokenEndpointError error =
      failure_of(parse_token_response(401, R"({"error": "invalid_client"})", kNow));
  EXPECT_EQ(error.text(), "HTTP 401: invalid_client");
}

TEST(OAuthTokenResponseTest, AnErrorStatusWithATokenIsStillAnError) {
  const TokenEndpointError error =
      failure_of(parse_token_response(500, R"({"access_token": "a"})", kNow));
  EXPECT_EQ(error.text(), "HTTP 500");
}

TEST(OAuthTokenResponseTest, ServerWordsAreKeptOnOneShortLine) {
  const std::string long_description(300, 'x');
  const TokenEndpointError multi_line = failure_of(parse_token_response(
      400, R"({"error": "invalid\nrequest", "error_description": "line one\r\nline\ttwo"})", kNow));
  EXPECT_EQ(multi_line.error, "invalid request");
  EXPECT_EQ(multi_line.description, "line one  line two");

  const TokenEndpointError long_one = failure_of(parse_token_response(
      400, R"({"error": "e", "error_description": ")" + long_description + R"("})", kNow));
  EXPECT_EQ(long_one.description, std::string(200, 'x') + "...");
}

TEST(OAuthTokenResponseTest, ANonJsonAnswerGivesOnlyTheStatus) {
  const TokenEndpointError error =
      failure_of(parse_token_response(502, "<html>Bad Gateway</html>", kNow));
  EXPECT_EQ(error.status, 502);
  EXPECT_EQ(error.error, "");
  EXPECT_EQ(error.description, "");
  EXPECT_EQ(error.text(), "HTTP 502");

  EXPECT_EQ(failure_of(parse_token_response(200, "access_token=a&token_type=bearer", kNow)).text(),
            "HTTP 200");
  EXPECT_EQ(failure_of(parse_token_response(200, R"(["access_token"])", kNow)).text(), "HTTP 200");
}

TEST(OAuthTokenResponseTest, ATwoHundredWithoutAccessTokenIsAnError) {
  for (const char* body :
       {R"({"token_type": "Bearer"})", R"({"access_token": ""})", R"({"access_token": 12345})"}) {
    SCOPED_TRACE(body);
    const TokenEndpointError error = failure_of(parse_token_response(200, body, kNow));
    EXPECT_EQ(error.text(), "HTTP 200 (the answer holds no access_token)");
  }
}

TEST(OAuthTokenResponseTest, AnExchangedTokenOfTheExpectedTypeIsTaken) {
  const Outcome<std::string, TokenEndpointError> token = parse_exchanged_token(
      200,
      R"({"access_token": "jag-1", "issued_token_type": "urn:ietf:params:oauth:token-type:id-jag",
          "token_type": "N_A", "expires_in": 300})",
      kIdJag);
  ASSERT_TRUE(token);
  EXPECT_EQ(*token, "jag-1");
}

TEST(OAuthTokenResponseTest, AnExchangedTokenWithoutIssuedTypeIsTaken) {
  const auto token = parse_exchanged_token(200, R"({"access_token": "jag-2"})", kIdJag);
  ASSERT_TRUE(token);
  EXPECT_EQ(*token, "jag-2");
}

TEST(OAuthTokenResponseTest, AnExchangedTokenOfAnotherTypeIsRefused) {
  const TokenEndpointError error = failure_of(parse_exchanged_token(
      200,
      R"({"access_token": "at", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token"})",
      kIdJag));
  EXPECT_EQ(error.text(),
            "HTTP 200 (the answer holds no token of type urn:ietf:params:oauth:token-type:id-jag)");
}

TEST(OAuthTokenResponseTest, AnExchangeAnswerWithoutTokenIsRefused) {
  const TokenEndpointError error =
      failure_of(parse_exchanged_token(200, R"({"issued_token_type": "x"})", kIdJag));
  EXPECT_EQ(error.description,
            "the answer holds no token of type urn:ietf:params:oauth:token-type:id-jag");
}

TEST(OAuthTokenResponseTest, ARefusedExchangeGivesItsError) {
  const TokenEndpointError error = failure_of(parse_exchanged_token(
      400, R"({"error": "invalid_target", "error_description": "unknown audience"})", kIdJag));
  EXPECT_EQ(error.text(), "HTTP 400: invalid_target (unknown audience)");
  EXPECT_EQ(failure_of(parse_exchanged_token(503, "down", kIdJag)).text(), "HTTP 503");
}

TEST(OAuthTokenResponseTest, ATokenWithoutLifetimeNeverExpires) {
  TokenSet tokens;
  tokens.access_token = "a";
  EXPECT_FALSE(tokens.expired(kNow));
  EXPECT_FALSE(tokens.expired(INT64_MAX / 2));
}

TEST(OAuthTokenResponseTest, ATokenExpiresThirtySecondsEarlyByDefault) {
  TokenSet tokens;
  tokens.expires_at = kNow + 31;
  EXPECT_FALSE(tokens.expired(kNow));
  tokens.expires_at = kNow + 30;
  EXPECT_TRUE(tokens.expired(kNow));
  tokens.expires_at = kNow - 100;
  EXPECT_TRUE(tokens.expired(kNow));
}

TEST(OAuthTokenResponseTest, TheExpiryMarginCanBeChosen) {
  TokenSet tokens;
  tokens.expires_at = kNow + 10;
  EXPECT_FALSE(tokens.expired(kNow, 0));
  EXPECT_FALSE(tokens.expired(kNow, 9));
  EXPECT_TRUE(tokens.expired(kNow, 10));
  EXPECT_TRUE(tokens.expired(kNow + 10, 0));
}

}  // namespace
}  // namespace kosmo::oauth
