#include <gtest/gtest.h>

#include "lib/integrations/argument_binder.h"
#include "lib/integrations/catalog.h"

namespace kosmo::integrations {
namespace {

constexpr const char kManifest[] = R"({
  "name": "demo",
  "label": "Demo",
  "base_url": "https://api.example.test/v1",
  "auth": {"scheme": "header", "header": "x-api-key", "credential": "api_key"},
  "credentials": [{"key": "api_key", "secret": true}],
  "functions": [
    {"name": "get_group", "operation": "read", "description": "Get a group.",
     "path": "/groups/{group_id}",
     "parameters": [{"name": "group_id", "type": "string", "required": true, "in": "path"}]},
    {"name": "list_things", "operation": "read", "description": "List things.",
     "aliases": ["things"],
     "parameters": [
       {"name": "direction", "enum": ["mt", "mo"]},
       {"name": "page", "type": "integer", "minimum": 0},
       {"name": "tags", "type": "array", "accept_scalar": true},
       {"name": "query", "type": "object", "in": "query_object"},
       {"name": "offset", "type": "integer", "refused": "the API pages with until."}]},
    {"name": "send", "operation": "write", "method": "POST", "description": "Send.",
     "parameters": [{"name": "to", "type": "array", "required": true},
                    {"name": "body", "type": "string", "required": true}]}
  ]
})";

class BinderTest : public ::testing::Test {
 protected:
  BinderTest() {
    std::vector<Manifest> manifests;
    auto demo = parse_manifest(kManifest, "demo.json");
    EXPECT_TRUE(demo.ok()) << demo.error().message;
    manifests.push_back(std::move(demo).value());
    catalog_ = Catalog::from(std::move(manifests));
  }

  const Function& fn(const char* name) {
    return *catalog_.function(*catalog_.integration("demo"), name);
  }

  std::optional<std::string> bind_named(const char* function, const char* json) {
    lua::CallRequest request;
    request.has_named = true;
    request.named.Parse(json);
    return bind_arguments(fn(function), std::string("integrations.demo.") + function, request,
                          bound_);
  }

  std::optional<std::string> bind_positional(const char* function, const char* json) {
    lua::CallRequest request;
    request.positional.Parse(json);
    return bind_arguments(fn(function), std::string("integrations.demo.") + function, request,
                          bound_);
  }

  Catalog catalog_;
  BoundArguments bound_;
};

TEST_F(BinderTest, ParsesManifestDefaults) {
  const Manifest& demo = *catalog_.integration("demo");
  EXPECT_EQ(demo.auth.scheme, AuthScheme::kHeader);
  EXPECT_EQ(fn("get_group").slug, "demo_get_group");
  EXPECT_FALSE(fn("get_group").is_write());
  EXPECT_TRUE(fn("send").is_write());
  EXPECT_EQ(fn("send").parameters[0].in, ParamLocation::kBody);  // POST defaults to body
  EXPECT_EQ(fn("list_things").parameters[0].in, ParamLocation::kQuery);
}

TEST_F(BinderTest, ResolvesShortNameSlugAndAlias) {
  const Manifest& demo = *catalog_.integration("demo");
  EXPECT_EQ(catalog_.function(demo, "list_things"), catalog_.function(demo, "demo_list_things"));
  EXPECT_EQ(catalog_.function(demo, "things"), catalog_.function(demo, "list_things"));
  EXPECT_EQ(catalog_.function(demo, "nope"), nullptr);
}

TEST_F(BinderTest, AcceptsValidNamedArguments) {
  EXPECT_EQ(bind_named("get_group", R"({"group_id": "g1"})"), std::nullopt);
  EXPECT_STREQ(bound_.values["group_id"].GetString(), "g1");
}

TEST_F(BinderTest, ReportsEveryProblemAtOnce) {
  const auto error = bind_named("list_things", R"({"page": "x", "extra": 1})");
  ASSERT_TRUE(error);
  EXPECT_EQ(*error,
            "Invalid arguments for app.integrations.demo.list_things (wrong type: page "
            "(expected integer); unknown: extra). No external call was made.");
  const auto body_error = bind_named("send", R"({"body": 5, "extra": 1})");
  ASSERT_TRUE(body_error);
  EXPECT_EQ(*body_error,
            "Invalid arguments for app.integrations.demo.send (missing: to; wrong type: body "
            "(expected string)). No external call was made.");
}

// A function with a JSON body keeps an undeclared argument for the body and names it, so the
// caller can warn; a query-only function refuses it (above).
TEST_F(BinderTest, PassesUndeclaredArgumentsOfABodyFunctionThrough) {
  EXPECT_EQ(bind_named("send", R"({"to": ["a"], "body": "b", "tags": ["x"], "gone": null})"),
            std::nullopt);
  EXPECT_TRUE(bound_.values["tags"].IsArray());
  EXPECT_FALSE(bound_.values.HasMember("gone"));
  EXPECT_EQ(bound_.passthrough, std::vector<std::string>{"tags"});
}

TEST_F(BinderTest, ChecksEnumAndMinimum) {
  const auto error = bind_named("list_things", R"({"direction": "up", "page": -1})");
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("invalid: direction (one of mt|mo), page (out of range)"),
            std::string::npos);
}

TEST_F(BinderTest, ARefusedParameterIsAUsageErrorQuotingWhy) {
  EXPECT_EQ(bind_named("list_things", R"({"offset": 10})"),
            "Invalid arguments for app.integrations.demo.list_things. Not supported: offset: the "
            "API pages with until. No external call was made.");
  EXPECT_EQ(bind_named("list_things", R"({"offset": 10, "page": -1})"),
            "Invalid arguments for app.integrations.demo.list_things (invalid: page (out of "
            "range)). Not supported: offset: the API pages with until. No external call was "
            "made.");
  EXPECT_EQ(bind_named("list_things", R"({"offset": null, "page": 1})"), std::nullopt);
}

TEST_F(BinderTest, IntegralFloatsBecomeIntegersAndScalarsWrap) {
  EXPECT_EQ(bind_named("list_things", R"({"page": 2.0, "tags": "x"})"), std::nullopt);
  EXPECT_TRUE(bound_.values["page"].IsInt64());
  ASSERT_TRUE(bound_.values["tags"].IsArray());
  EXPECT_STREQ(bound_.values["tags"][0].GetString(), "x");
  EXPECT_TRUE(bind_named("list_things", R"({"page": 2.5})"));
}

TEST_F(BinderTest, NullsPassAndAreDropped) {
  EXPECT_EQ(bind_named("list_things", R"({"page": null})"), std::nullopt);
  EXPECT_FALSE(bound_.values.HasMember("page"));
}

TEST_F(BinderTest, EmptyTablesFitObjectAndArrayParameters) {
  EXPECT_EQ(bind_named("list_things", R"({"query": [], "tags": {}})"), std::nullopt);
  EXPECT_TRUE(bound_.values["query"].IsObject());
  EXPECT_TRUE(bound_.values["tags"].IsArray());
}

TEST_F(BinderTest, MapsPositionalArgumentsInParameterOrder) {
  EXPECT_EQ(bind_positional("send", R"([["+1555"], "hi"])"), std::nullopt);
  EXPECT_STREQ(bound_.values["body"].GetString(), "hi");
}

TEST_F(BinderTest, RejectsTooManyPositionalArguments) {
  EXPECT_EQ(*bind_positional("get_group", R"(["a", "b"])"),
            "app.integrations.demo.get_group received too many positional arguments. No "
            "external call was made.");
}

TEST_F(BinderTest, RejectsMixingNamedAndPositional) {
  EXPECT_EQ(*bind_positional("send", R"([{"to": ["x"]}, "hi"])"),
            "app.integrations.demo.send accepts one named argument object or positional "
            "arguments, not both.");
}

TEST(ManifestParserTest, NamesTheBrokenKey) {
  const auto parsed = parse_manifest(R"({"name": "x", "base_url": "u", "functions": [{"name": "f",
      "operation": "read", "description": "d", "parameters": [{"name": "p", "type": "text"}]}]})",
                                     "x.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message,
            "x.json.functions[0].parameters[0].type has unknown value 'text' (allowed: string, "
            "integer, number, boolean, array, object, string_or_array, "
            "string_or_object)");
}

TEST(ManifestParserTest, RejectsInvalidJsonWithOffset) {
  const auto parsed = parse_manifest("{\"name\": ", "bad.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("bad.json: invalid JSON"), std::string::npos);
}

}  // namespace
}  // namespace kosmo::integrations
