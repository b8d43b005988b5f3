// URL building from manifests, above all the guarantee that a caller-given path (Missive's
// api_get and friends) can never send a request, and its credentials, to another host.
#include <gtest/gtest.h>

#include "lib/integrations/request_builder.h"
#include "lib/integrations/url_builder.h"

namespace kosmo::integrations {
namespace {

constexpr const char kBase[] = "https://public.missiveapp.com/v1";

std::string raw(const std::string& path) { return checked_raw_path(path, kBase).value(); }

void expect_rejected(const std::string& path, const std::string& reason) {
  const Outcome<std::string> checked = checked_raw_path(path, kBase);
  ASSERT_FALSE(checked.ok()) << "accepted " << path;
  const std::string& message = checked.error().message;
  EXPECT_EQ(checked.error().code, ErrorCode::kIntegration);
  EXPECT_NE(message.find(reason), std::string::npos) << message;
  EXPECT_NE(message.find("No external call was made."), std::string::npos);
}

TEST(IntegrationsRawPathTest, NormalisesOrdinaryPaths) {
  EXPECT_EQ(raw("/conversations"), "/conversations");
  EXPECT_EQ(raw("conversations"), "/conversations");
  EXPECT_EQ(raw("  //conversations?limit=5 "), "/conversations?limit=5");
  EXPECT_EQ(raw("/v1/conversations"), "/conversations");  // base already ends with /v1
  EXPECT_EQ(checked_raw_path("/v1/x", "https://other.example/api").value(), "/v1/x");
}

TEST(IntegrationsRawPathTest, RejectsEverythingThatCouldLeaveTheHost) {
  expect_rejected("https://evil.example/v1/x", "absolute URLs");
  expect_rejected("/a/../../x", "'.' and '..' segments");
  expect_rejected("/a/%2E%2e/x", "'.' and '..' segments");
  expect_rejected("/a/./x", "'.' and '..' segments");
  expect_rejected("/a\\b", "backslashes");
  expect_rejected("/a\r\nHost: evil", "control characters");
  expect_rejected(std::string("/a\0b", 4), "control characters");
  expect_rejected("/a#frag", "fragments");
  expect_rejected("/contacts/{id}", "unfilled {templates}");
  expect_rejected("/", "a path is required");
  expect_rejected("/v1", "a path is required");
}

TEST(IntegrationsRawPathTest, LeadingDoubleSlashStaysOnTheHost) {
  EXPECT_EQ(raw("//evil.example/x"), "/evil.example/x");
}

Manifest demo_manifest() {
  return parse_manifest(R"({
    "name": "demo", "base_url": "https://api.demo.test/v1", "base_url_field": "url",
    "base_url_host_suffix": ".demo.test",
    "auth": {"scheme": "bearer", "credential": "token"},
    "credentials": [{"key": "token", "secret": true}, {"key": "url", "required": false}],
    "functions": [
      {"name": "update", "operation": "write", "method": "PATCH", "description": "d",
       "path": "/contacts/{ids}",
       "parameters": [{"name": "ids", "type": "array", "in": "path", "join": ",", "required": true},
                      {"name": "client_request", "type": "object", "in": "body_object",
                       "wire": "clientRequest"},
                      {"name": "token", "in": "body", "wire": "clientRequest.token"},
                      {"name": "mode", "in": "query", "value_map": {"composite": "mix"}}]},
      {"name": "cloud", "operation": "read", "description": "d", "path": "/x",
       "base_url": "https://cloud.test",
       "path_prefix": "/apps/{token}", "auth": {"scheme": "basic", "username": "token",
       "password": "token"}}
    ]})",
                        "demo.json")
      .value();
}

TEST(IntegrationsRequestBuilderTest, JoinsIdListsEncodingEachPiece) {
  const Manifest manifest = demo_manifest();
  rapidjson::Document args;
  args.Parse(R"({"ids": ["a b", "c/d"]})");
  const BuiltRequest built =
      build_request(manifest, manifest.functions[0], args, {{"token", "t"}}).value();
  EXPECT_EQ(built.http.url, "https://api.demo.test/v1/contacts/a%20b,c%2Fd");
}

TEST(IntegrationsRequestBuilderTest, ExplicitBodyFieldsOverrideTheObjectTheyNestIn) {
  const Manifest manifest = demo_manifest();
  rapidjson::Document args;
  args.Parse(
      R"({"ids": ["1"], "token": "explicit", "client_request": {"token": "raw", "keep": 1}})");
  const BuiltRequest built =
      build_request(manifest, manifest.functions[0], args, {{"token", "t"}}).value();
  EXPECT_EQ(built.http.body, R"({"clientRequest":{"keep":1,"token":"explicit"}})");
}

TEST(IntegrationsRequestBuilderTest, HostNamesBecomeUrlsWithTheSuffix) {
  const Manifest manifest = demo_manifest();
  rapidjson::Document args;
  args.Parse(R"({"ids": ["1"]})");
  auto url = [&](const std::string& configured) {
    return std::string(
        build_request(manifest, manifest.functions[0], args, {{"token", "t"}, {"url", configured}})
            .value()
            .url_without_query());
  };
  EXPECT_EQ(url("example"), "https://example.demo.test/contacts/1");
  EXPECT_EQ(url("example.demo.test/"), "https://example.demo.test/contacts/1");
  EXPECT_EQ(url("http://127.0.0.1:8080/api"), "http://127.0.0.1:8080/api/contacts/1");
}

TEST(IntegrationsRequestBuilderTest, FunctionOverridesBaseUrlPrefixAndAuth) {
  const Manifest manifest = demo_manifest();
  rapidjson::Document args(rapidjson::kObjectType);
  const BuiltRequest built =
      build_request(manifest, manifest.functions[1], args, {{"token", "a b"}}).value();
  EXPECT_EQ(built.http.url, "https://cloud.test/apps/a%20b/x");
  bool basic = false;
  for (const auto& [name, value] : built.http.headers) {
    basic = basic || (name == "Authorization" && value == "Basic YSBiOmEgYg==");
  }
  EXPECT_TRUE(basic);
}

TEST(IntegrationsRequestBuilderTest, AMissingPathValueFailsWithoutThrowing) {
  const Manifest manifest = demo_manifest();
  rapidjson::Document args(rapidjson::kObjectType);
  const Outcome<BuiltRequest> built =
      build_request(manifest, manifest.functions[0], args, {{"token", "t"}});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kIntegration);
  EXPECT_EQ(built.error().message,
            "demo_update needs a value for 'ids'. No external call was made.");
}

TEST(IntegrationsRequestBuilderTest, AMissingUrlCredentialIsNotConfigured) {
  const Manifest manifest = demo_manifest();
  rapidjson::Document args(rapidjson::kObjectType);
  const Outcome<BuiltRequest> built = build_request(manifest, manifest.functions[1], args, {});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, ErrorCode::kNotConfigured);
  EXPECT_NE(built.error().message.find("{token}"), std::string::npos);
}

// A function on another API's host (Sinch's Numbers API next to its SMS API) names its own
// override field: the integration's override (an SMS region) must not redirect it.
TEST(IntegrationsRequestBuilderTest, AFunctionsOwnBaseUrlFieldOverridesOnlyIt) {
  const Manifest manifest = parse_manifest(R"({
    "name": "two", "base_url": "https://sms.two.test/v1", "base_url_field": "base_url",
    "auth": {"scheme": "bearer", "credential": "token"},
    "credentials": [{"key": "token", "secret": true}, {"key": "base_url", "required": false},
                    {"key": "numbers_url", "required": false}],
    "functions": [
      {"name": "sms", "operation": "read", "description": "d", "path": "/batches"},
      {"name": "numbers", "operation": "read", "description": "d", "path": "/activeNumbers",
       "base_url": "https://numbers.two.test", "base_url_field": "numbers_url"}
    ]})",
                                           "two.json")
                                .value();
  rapidjson::Document args(rapidjson::kObjectType);
  auto url = [&](const Function& function, const Credentials& credentials) {
    return std::string(
        build_request(manifest, function, args, credentials).value().url_without_query());
  };
  const Credentials eu = {{"token", "t"}, {"base_url", "https://eu.two.test/v1"}};
  EXPECT_EQ(url(manifest.functions[0], eu), "https://eu.two.test/v1/batches");
  EXPECT_EQ(url(manifest.functions[1], eu), "https://numbers.two.test/activeNumbers");
  const Credentials local = {{"token", "t"}, {"numbers_url", "http://127.0.0.1:9/n"}};
  EXPECT_EQ(url(manifest.functions[0], local), "https://sms.two.test/v1/batches");
  EXPECT_EQ(url(manifest.functions[1], local), "http://127.0.0.1:9/n/activeNumbers");
}

}  // namespace
}  // namespace kosmo::integrations
