// The WWW-Authenticate header of a refused MCP request: the Bearer challenge names the resource
// metadata, the scope wanted and why the token was refused (RFC 6750 §3, RFC 9728 §5.1).
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "lib/oauth/bearer_challenge.h"

namespace kosmo::oauth {
namespace {

TEST(OAuthBearerChallengeTest, QuotedValuesOfEveryKnownParameterAreRead) {
  const BearerChallenge challenge = parse_bearer_challenge(
      R"(Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", )"
      R"(scope="files:read files:write", error="insufficient_scope", )"
      R"(error_description="The request requires higher privileges")");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.resource_metadata,
            "https://mcp.example.com/.well-known/oauth-protected-resource/mcp");
  EXPECT_EQ(challenge.scope, "files:read files:write");
  EXPECT_EQ(challenge.error, "insufficient_scope");
  EXPECT_EQ(challenge.error_description, "The request requires higher privileges");
}

TEST(OAuthBearerChallengeTest, BackslashEscapesInQuotedValuesAreUndone) {
  const BearerChallenge challenge = parse_bearer_challenge(
      R"(Bearer error="invalid_token", error_description="say \"hi\", a \\ and \x")");
  EXPECT_EQ(challenge.error, "invalid_token");
  EXPECT_EQ(challenge.error_description, R"(say "hi", a \ and x)");
}

TEST(OAuthBearerChallengeTest, QuotedValuesMayHoldCommasAndEqualsSigns) {
  const BearerChallenge challenge =
      parse_bearer_challenge(R"(Bearer error_description="a=b, c", scope="x")");
  EXPECT_EQ(challenge.error_description, "a=b, c");
  EXPECT_EQ(challenge.scope, "x");
}

TEST(OAuthBearerChallengeTest, UnquotedTokenValuesAreRead) {
  const BearerChallenge challenge = parse_bearer_challenge(
      "Bearer error=invalid_token, scope=files:read, "
      "resource_metadata=https://mcp.example.com/.well-known/oauth-protected-resource");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.error, "invalid_token");
  EXPECT_EQ(challenge.scope, "files:read");
  EXPECT_EQ(challenge.resource_metadata,
            "https://mcp.example.com/.well-known/oauth-protected-resource");
}

TEST(OAuthBearerChallengeTest, SpacesAroundTheEqualsSignAreAllowed) {
  const BearerChallenge challenge = parse_bearer_challenge(R"(Bearer scope = "a b" , error= x)");
  EXPECT_EQ(challenge.scope, "a b");
  EXPECT_EQ(challenge.error, "x");
}

TEST(OAuthBearerChallengeTest, SchemeAndParameterNamesAreCaseInsensitive) {
  const BearerChallenge lower = parse_bearer_challenge(R"(bearer ERROR="invalid_token")");
  EXPECT_TRUE(lower.present);
  EXPECT_EQ(lower.error, "invalid_token");

  const BearerChallenge upper = parse_bearer_challenge(
      R"(BEARER Scope="files:read", Resource_Metadata="https://h/prm", Error_Description="d")");
  EXPECT_TRUE(upper.present);
  EXPECT_EQ(upper.scope, "files:read");
  EXPECT_EQ(upper.resource_metadata, "https://h/prm");
  EXPECT_EQ(upper.error_description, "d");
}

TEST(OAuthBearerChallengeTest, ValuesKeepTheirCase) {
  const BearerChallenge challenge = parse_bearer_challenge(R"(Bearer scope="Files:Read")");
  EXPECT_EQ(challenge.scope, "Files:Read");
}

TEST(OAuthBearerChallengeTest, BearerAfterABasicChallengeIsFound) {
  const BearerChallenge challenge = parse_bearer_challenge(
      R"(Basic realm="api", Bearer scope="files:read", error="invalid_token")");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.scope, "files:read");
  EXPECT_EQ(challenge.error, "invalid_token");
}

TEST(OAuthBearerChallengeTest, ParametersOfAnotherSchemeAreNotTakenForBearers) {
  const BearerChallenge challenge = parse_bearer_challenge(
      R"(Basic realm="api", scope="basic-scope", error="basic-error", Bearer realm="mcp")");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.scope, "");
  EXPECT_EQ(challenge.error, "");
}

TEST(OAuthBearerChallengeTest, ParametersAfterTheBearerChallengeBelongToTheNextScheme) {
  const BearerChallenge challenge =
      parse_bearer_challenge(R"(Bearer scope="first", DPoP scope="second", error="dpop")");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.scope, "first");
  EXPECT_EQ(challenge.error, "");
}

TEST(OAuthBearerChallengeTest, TheFirstOfTwoBearerChallengesWins) {
  const BearerChallenge challenge =
      parse_bearer_challenge(R"(Bearer scope="first", Bearer scope="second")");
  EXPECT_EQ(challenge.scope, "first");
}

TEST(OAuthBearerChallengeTest, BearerWithoutParametersIsPresentAndEmpty) {
  const BearerChallenge challenge = parse_bearer_challenge("Bearer");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.resource_metadata, "");
  EXPECT_EQ(challenge.scope, "");
  EXPECT_EQ(challenge.error, "");
  EXPECT_EQ(challenge.error_description, "");
}

TEST(OAuthBearerChallengeTest, UnknownParametersAreIgnored) {
  const BearerChallenge challenge =
      parse_bearer_challenge(R"(Bearer realm="mcp", charset="UTF-8", scope="a")");
  EXPECT_EQ(challenge.scope, "a");
}

TEST(OAuthBearerChallengeTest, NoBearerChallengeIsNotPresent) {
  EXPECT_FALSE(parse_bearer_challenge("").present);
  EXPECT_FALSE(parse_bearer_challenge(R"(Basic realm="api")").present);
  EXPECT_FALSE(parse_bearer_challenge("Negotiate").present);
  EXPECT_FALSE(parse_bearer_challenge(R"(Bearerish scope="a")").present);
  const BearerChallenge basic = parse_bearer_challenge(R"(Basic realm="x", scope="a")");
  EXPECT_FALSE(basic.present);
  EXPECT_EQ(basic.scope, "");
}

TEST(OAuthBearerChallengeTest, LeadingSeparatorsAreSkipped) {
  const BearerChallenge challenge = parse_bearer_challenge(R"( , Bearer scope="a")");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.scope, "a");
}

TEST(OAuthBearerChallengeTest, AnUnterminatedQuoteEndsTheParametersReadSoFar) {
  const BearerChallenge challenge =
      parse_bearer_challenge(R"(Bearer error="invalid_token", scope="files:read)");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.error, "invalid_token");
  EXPECT_EQ(challenge.scope, "");
}

TEST(OAuthBearerChallengeTest, AMissingValueEndsTheParametersReadSoFar) {
  const BearerChallenge challenge =
      parse_bearer_challenge(R"(Bearer error="invalid_token", scope=, error_description="d")");
  EXPECT_TRUE(challenge.present);
  EXPECT_EQ(challenge.error, "invalid_token");
  EXPECT_EQ(challenge.scope, "");
  EXPECT_EQ(challenge.error_description, "");
}

TEST(OAuthBearerChallengeTest, MalformedHeadersNeverCrash) {
  for (const char* header :
       {"\"", "\\", "=", "Bearer =", "Bearer ==", "Bearer scope",
        "Bearer scope=", "Bearer scope=\"", "Bearer scope=\"\\", "Bearer ,,,,", "Bearer \t", ",,,",
        "Bearer scope=\"a\"\"b\"", "Bearer error=\"x\" scope=\"y\"",
        "\x01\x02"
        "Bearer",
        "Bearer \xff\xfe=\"\x80\""}) {
    SCOPED_TRACE(header);
    (void)parse_bearer_challenge(header);
  }
  // Random headers from the characters that matter to the reader; the sanitizer build checks
  // that no read goes past the text.
  const std::string alphabet = "Bearer Basic scope error=\"\\, \t";
  std::mt19937 random(20251125);
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<size_t> length(0, 40);
  for (int round = 0; round < 5000; ++round) {
    std::string header;
    for (size_t n = length(random); n > 0; --n) header += alphabet[pick(random)];
    const BearerChallenge challenge = parse_bearer_challenge(header);
    if (!challenge.present) {
      EXPECT_EQ(challenge.scope, "") << header;
    }
  }
}

}  // namespace
}  // namespace kosmo::oauth
