// The URL arithmetic of MCP authorization: well-known metadata locations (RFC 9728 §3.1,
// RFC 8414 §3.1, OpenID Connect Discovery), resource identifiers (RFC 8707), form encoding.
#include "lib/oauth/oauth_urls.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace kosmo::oauth {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(OAuthUrlsTest, SplitUrlLowerCasesSchemeAndHostAndKeepsThePathCase) {
  const std::optional<SplitUrl> split = split_url("HTTPS://MCP.Example.COM:8443/Api/MCP");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->origin, "https://mcp.example.com:8443");
  EXPECT_EQ(split->path, "/Api/MCP");
}

TEST(OAuthUrlsTest, SplitUrlDropsQueryFragmentAndTrailingSlash) {
  const std::optional<SplitUrl> split = split_url("https://h.example/mcp/?session=1#top");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->origin, "https://h.example");
  EXPECT_EQ(split->path, "/mcp");
  EXPECT_EQ(split->query, "?session=1");
}

TEST(OAuthUrlsTest, SplitUrlKeepsTheQueryAsWritten) {
  EXPECT_EQ(split_url("https://h.example/mcp?tenant=a%20b&x")->query, "?tenant=a%20b&x");
  EXPECT_EQ(split_url("https://h.example?x=1#f")->query, "?x=1");
  EXPECT_EQ(split_url("https://h.example/mcp#f?not-a-query")->query, "");
  EXPECT_EQ(split_url("https://h.example/mcp")->query, "");
}

TEST(OAuthUrlsTest, SplitUrlOfTheRootHasAnEmptyPath) {
  for (const char* url :
       {"https://h.example", "https://h.example/", "http://h.example?x=1", "http://h.example#f"}) {
    SCOPED_TRACE(url);
    const std::optional<SplitUrl> split = split_url(url);
    ASSERT_TRUE(split);
    EXPECT_EQ(split->path, "");
  }
  EXPECT_EQ(split_url("http://h.example?x=1")->origin, "http://h.example");
}

TEST(OAuthUrlsTest, SplitUrlRefusesAnythingButAbsoluteHttp) {
  EXPECT_FALSE(split_url("ftp://h.example/x"));
  EXPECT_FALSE(split_url("/relative/path"));
  EXPECT_FALSE(split_url("h.example/mcp"));
  EXPECT_FALSE(split_url("https:///no-host"));
  EXPECT_FALSE(split_url("https://"));
  EXPECT_FALSE(split_url(""));
}

TEST(OAuthUrlsTest, ProtectedResourceMetadataIsLookedForPathBasedThenAtTheRoot) {
  EXPECT_THAT(protected_resource_metadata_urls("https://mcp.example.com/api/mcp"),
              ElementsAre("https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp",
                          "https://mcp.example.com/.well-known/oauth-protected-resource"));
}

// RFC 9728 §3.1: the well-known string goes between the host and the path and/or query.
TEST(OAuthUrlsTest, ProtectedResourceMetadataKeepsTheServersQuery) {
  EXPECT_THAT(
      protected_resource_metadata_urls("https://mcp.example.com/mcp?tenant=acme#frag"),
      ElementsAre("https://mcp.example.com/.well-known/oauth-protected-resource/mcp?tenant=acme",
                  "https://mcp.example.com/.well-known/oauth-protected-resource"));
  EXPECT_THAT(
      protected_resource_metadata_urls("https://mcp.example.com?tenant=acme"),
      ElementsAre("https://mcp.example.com/.well-known/oauth-protected-resource?tenant=acme",
                  "https://mcp.example.com/.well-known/oauth-protected-resource"));
}

TEST(OAuthUrlsTest, ProtectedResourceMetadataOfARootServerHasOneLocation) {
  EXPECT_THAT(protected_resource_metadata_urls("https://mcp.example.com/"),
              ElementsAre("https://mcp.example.com/.well-known/oauth-protected-resource"));
  EXPECT_THAT(protected_resource_metadata_urls("not a url"), IsEmpty());
}

TEST(OAuthUrlsTest, AuthorizationServerMetadataOfAnIssuerWithAPathInSpecOrder) {
  EXPECT_THAT(authorization_server_metadata_urls("https://auth.example.com/tenant1"),
              ElementsAre("https://auth.example.com/.well-known/oauth-authorization-server/tenant1",
                          "https://auth.example.com/.well-known/openid-configuration/tenant1",
                          "https://auth.example.com/tenant1/.well-known/openid-configuration"));
}

TEST(OAuthUrlsTest, AuthorizationServerMetadataOfAnIssuerWithoutAPath) {
  const std::vector<std::string> expected{
      "https://auth.example.com/.well-known/oauth-authorization-server",
      "https://auth.example.com/.well-known/openid-configuration"};
  EXPECT_EQ(authorization_server_metadata_urls("https://auth.example.com"), expected);
  EXPECT_EQ(authorization_server_metadata_urls("https://auth.example.com/"), expected);
  EXPECT_THAT(authorization_server_metadata_urls(""), IsEmpty());
}

TEST(OAuthUrlsTest, CanonicalResourceDropsQueryFragmentAndTrailingSlash) {
  EXPECT_EQ(canonical_resource("HTTPS://MCP.example.com/mcp/?session=1#frag"),
            "https://mcp.example.com/mcp");
  EXPECT_EQ(canonical_resource("https://mcp.example.com/"), "https://mcp.example.com");
  EXPECT_EQ(canonical_resource("https://mcp.example.com:8443/a/b"),
            "https://mcp.example.com:8443/a/b");
}

TEST(OAuthUrlsTest, CanonicalResourceOfSomethingElseIsReturnedAsIs) {
  EXPECT_EQ(canonical_resource("urn:example:thing"), "urn:example:thing");
}

TEST(OAuthUrlsTest, ResourceCoversTheSameUrl) {
  EXPECT_TRUE(resource_covers("https://mcp.example.com/mcp", "https://mcp.example.com/mcp"));
  EXPECT_TRUE(resource_covers("https://mcp.example.com/mcp/", "https://mcp.example.com/mcp"));
  EXPECT_TRUE(resource_covers("https://MCP.EXAMPLE.com/mcp", "https://mcp.example.com/mcp"));
}

TEST(OAuthUrlsTest, ResourceCoversItsChildPaths) {
  EXPECT_TRUE(resource_covers("https://mcp.example.com", "https://mcp.example.com/mcp"));
  EXPECT_TRUE(resource_covers("https://mcp.example.com/", "https://mcp.example.com/mcp"));
  EXPECT_TRUE(resource_covers("https://mcp.example.com/api", "https://mcp.example.com/api/mcp"));
}

TEST(OAuthUrlsTest, ResourceDoesNotCoverAnotherOrigin) {
  EXPECT_FALSE(resource_covers("https://other.example.com/mcp", "https://mcp.example.com/mcp"));
  EXPECT_FALSE(resource_covers("http://mcp.example.com/mcp", "https://mcp.example.com/mcp"));
  EXPECT_FALSE(resource_covers("https://mcp.example.com:8443/mcp", "https://mcp.example.com/mcp"));
  EXPECT_FALSE(resource_covers("https://example.com/mcp", "https://mcp.example.com/mcp"));
}

TEST(OAuthUrlsTest, ResourceDoesNotCoverAnotherPath) {
  EXPECT_FALSE(resource_covers("https://mcp.example.com/other", "https://mcp.example.com/mcp"));
  // A child does not cover its parent.
  EXPECT_FALSE(resource_covers("https://mcp.example.com/mcp/sub", "https://mcp.example.com/mcp"));
}

TEST(OAuthUrlsTest, ResourceDoesNotCoverAPathItIsOnlyATextPrefixOf) {
  EXPECT_FALSE(resource_covers("https://mcp.example.com/mc", "https://mcp.example.com/mcp"));
  EXPECT_FALSE(resource_covers("https://mcp.example.com/api", "https://mcp.example.com/api2/mcp"));
}

TEST(OAuthUrlsTest, ResourceThatIsNotAUrlCoversNothing) {
  EXPECT_FALSE(resource_covers("", "https://mcp.example.com/mcp"));
  EXPECT_FALSE(resource_covers("mcp.example.com", "https://mcp.example.com/mcp"));
  EXPECT_FALSE(resource_covers("https://mcp.example.com/mcp", "not a url"));
}

TEST(OAuthUrlsTest, FormEncodeKeepsUnreservedEncodesSpaceAsPlusAndTheRestAsPercent) {
  EXPECT_EQ(form_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(form_encode("a b"), "a+b");
  EXPECT_EQ(form_encode("a+b&c=d/e:f?g#h%"), "a%2Bb%26c%3Dd%2Fe%3Af%3Fg%23h%25");
  EXPECT_EQ(form_encode("\xc3\xa9"), "%C3%A9");
  EXPECT_EQ(form_encode(std::string("\0\n", 2)), "%00%0A");
  EXPECT_EQ(form_encode(""), "");
}

TEST(OAuthUrlsTest, FormBodyJoinsEncodedFieldsInOrder) {
  EXPECT_EQ(form_body({{"grant_type", "authorization_code"},
                       {"redirect_uri", "http://127.0.0.1:8765/callback"},
                       {"scope", "a b"},
                       {"empty", ""}}),
            "grant_type=authorization_code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcallback&"
            "scope=a+b&empty=");
  EXPECT_EQ(form_body({}), "");
}

TEST(OAuthUrlsTest, WithQueryAppendsWithQuestionMarkOrAmpersand) {
  EXPECT_EQ(with_query("https://auth.example.com/authorize", {{"a", "1 2"}, {"b", "x&y"}}),
            "https://auth.example.com/authorize?a=1+2&b=x%26y");
  EXPECT_EQ(with_query("https://auth.example.com/authorize?tenant=t", {{"a", "1"}}),
            "https://auth.example.com/authorize?tenant=t&a=1");
  EXPECT_EQ(with_query("https://auth.example.com/authorize", {}),
            "https://auth.example.com/authorize");
}

TEST(OAuthUrlsTest, QueryParametersDecodePlusAndPercent) {
  EXPECT_THAT(query_parameters("http://127.0.0.1:1234/callback?code=a%2Fb+c&state=x%3Dy#frag"),
              ElementsAre(Pair("code", "a/b c"), Pair("state", "x=y")));
}

TEST(OAuthUrlsTest, QueryParametersOfABareQuery) {
  EXPECT_THAT(query_parameters("code=abc&state=xyz"),
              ElementsAre(Pair("code", "abc"), Pair("state", "xyz")));
}

TEST(OAuthUrlsTest, QueryParametersKeepTheFirstOfRepeatedNames) {
  EXPECT_THAT(query_parameters("?state=first&state=second"), ElementsAre(Pair("state", "first")));
}

TEST(OAuthUrlsTest, QueryParametersWithoutValueOrNameAndBadPercents) {
  EXPECT_THAT(query_parameters("flag&=nameless&&bad=%zz%4&upper=%4a%4A"),
              ElementsAre(Pair("bad", "%zz%4"), Pair("flag", ""), Pair("upper", "JJ")));
  EXPECT_THAT(query_parameters(""), IsEmpty());
}

// The header promises "the query parameters of `url`": a URL without '?' has none; it is not a
// bare query whose first name is the whole URL.
TEST(OAuthUrlsTest, QueryParametersOfAUrlWithoutQueryAreEmpty) {
  EXPECT_THAT(query_parameters("https://h.example/callback"), IsEmpty());
  EXPECT_THAT(query_parameters("http://127.0.0.1:8765/callback#code=x"), IsEmpty());
}

TEST(OAuthUrlsTest, QueryParametersUndoFormBody) {
  const std::string body = form_body({{"redirect_uri", "http://127.0.0.1:9/callback?x=1&y=2"},
                                      {"scope", "files:read offline_access"}});
  EXPECT_THAT(query_parameters(body),
              ElementsAre(Pair("redirect_uri", "http://127.0.0.1:9/callback?x=1&y=2"),
                          Pair("scope", "files:read offline_access")));
}

TEST(OAuthUrlsTest, SplitScopesIgnoresRepeatedSpacesAndDuplicates) {
  EXPECT_THAT(split_scopes("  files:read  files:write files:read offline_access "),
              ElementsAre("files:read", "files:write", "offline_access"));
  EXPECT_THAT(split_scopes(""), IsEmpty());
  EXPECT_THAT(split_scopes("   "), IsEmpty());
}

TEST(OAuthUrlsTest, JoinScopesSeparatesWithOneSpace) {
  EXPECT_EQ(join_scopes({"a", "b", "c"}), "a b c");
  EXPECT_EQ(join_scopes({"a"}), "a");
  EXPECT_EQ(join_scopes({}), "");
}

TEST(OAuthUrlsTest, UnionScopesAppendsOnlyNewScopesInOrder) {
  EXPECT_THAT(union_scopes({"a", "b"}, {"b", "c", "a", "d", "c"}), ElementsAre("a", "b", "c", "d"));
  EXPECT_THAT(union_scopes({}, {"x"}), ElementsAre("x"));
  EXPECT_THAT(union_scopes({"x"}, {}), ElementsAre("x"));
}

}  // namespace
}  // namespace kosmo::oauth
