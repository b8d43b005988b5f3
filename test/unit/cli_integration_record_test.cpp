// KosmoKrator's discovery objects built from a manifest (integration_record.*) and the example
// lines and docs JSON of a page (integration_pages.*), through a catalog and a configuration
// made in memory.
#include <gtest/gtest.h>

#include "lib/cli/integration_pages.h"
#include "lib/cli/integration_record.h"
#include "lib/config/environment.h"

namespace kosmo::cli {
namespace {

constexpr const char kManifest[] = R"({
  "name": "demo",
  "label": "Demo",
  "base_url": "https://api.example.test/v1",
  "auth": {"scheme": "bearer", "credential": "api_token"},
  "credentials": [{"key": "api_token", "secret": true}],
  "functions": [
    {"name": "get_group", "operation": "read", "description": "Get a group.",
     "path": "/groups/{group_id}",
     "parameters": [{"name": "group_id", "type": "string", "required": true, "in": "path"}]},
    {"name": "send", "operation": "write", "method": "POST", "description": "Send.",
     "path": "/send",
     "parameters": [{"name": "to", "type": "array", "required": true, "in": "body"},
                    {"name": "count", "type": "integer", "required": true, "in": "body"},
                    {"name": "note", "type": "string", "in": "body"}]}
  ]
})";

class IntegrationRecordTest : public ::testing::Test {
 protected:
  IntegrationRecordTest()
      : env_({{"KOSMO_DEMO_API_TOKEN", "tok-unit"}}),
        config_(config::KosmoConfig(), std::nullopt, env_) {
    std::vector<integrations::Manifest> manifests;
    auto demo = integrations::parse_manifest(kManifest, "demo.json");
    EXPECT_TRUE(demo.ok()) << demo.error().message;
    manifests.push_back(std::move(demo).value());
    catalog_ = integrations::Catalog::from(std::move(manifests));
  }

  config::MapEnvironment env_;
  config::Configuration config_;
  integrations::Catalog catalog_ = integrations::Catalog::from({});
  rapidjson::Document document_;
};

TEST_F(IntegrationRecordTest, FunctionObjectHasKosmokratorKeysFirst) {
  const IntegrationRecords records(config_);
  const PageSubject subject = page_subject(catalog_, "demo.get_group");
  ASSERT_NE(subject.function, nullptr);
  rapidjson::Value json =
      records.function_json(*subject.manifest, *subject.function, document_.GetAllocator());
  EXPECT_STREQ(json.MemberBegin()->name.GetString(), "provider");
  EXPECT_STREQ(json["name"].GetString(), "demo.get_group");
  EXPECT_STREQ(json["title"].GetString(), "Get Group");
  EXPECT_STREQ(json["auth_strategy"].GetString(), "bearer_token");
  EXPECT_TRUE(json["active"].GetBool());
  EXPECT_TRUE(json["configured"].GetBool());
  EXPECT_EQ(json["accounts"].Size(), 0u);  // "default" is implied, as KosmoKrator
  EXPECT_STREQ(json["input_schema"]["required"][0].GetString(), "group_id");
}

TEST_F(IntegrationRecordTest, ProviderFactsListDefaultFirst) {
  const IntegrationRecords records(config_);
  const ProviderFacts facts = records.facts(*catalog_.integration("demo"));
  ASSERT_FALSE(facts.accounts.empty());
  EXPECT_EQ(facts.accounts.front(), "default");
}

TEST_F(IntegrationRecordTest, FunctionExamplesUseSampleValues) {
  const std::vector<std::string> lines = page_examples(page_subject(catalog_, "demo.send"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "kosmo integrations:call demo.send --to='[\"value\"]' --count=123");
  EXPECT_EQ(lines[1],
            "kosmo integrations:call demo.send '{\"to\":[\"value\"],\"count\":123}' --json");
  EXPECT_EQ(lines[2],
            "local result = app.integrations.demo.send({ to = {\"value\"}, count = 123 })");
}

TEST_F(IntegrationRecordTest, IntegrationPageListsItsFunctionsAndUnknownPageHasNoExamples) {
  const IntegrationRecords records(config_);
  const PageSubject subject = page_subject(catalog_, "demo");
  EXPECT_EQ(subject.function, nullptr);
  EXPECT_EQ(page_json(catalog_, records, subject, document_.GetAllocator()).Size(), 2u);
  EXPECT_EQ(page_examples(subject).front(), "kosmo integrations:docs demo.get_group");
  EXPECT_TRUE(page_examples(page_subject(catalog_, "nope")).empty());
}

}  // namespace
}  // namespace kosmo::cli
