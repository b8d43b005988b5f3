// Every function of the Missive seed document (../shared/seeds/002_*.txt, 42 functions) plus the
// reference's newer list_shared_labels must exist in the embedded catalog under its short name and
// its slug, with exactly the seed's parameters in the seed's order, types and required flags
// (product spec §4). The table is written from the seed, not from the manifest, so a manifest edit
// that drifts from the seed fails here.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "lib/integrations/catalog.h"
#include "test/unit/shipped_catalog_test.h"
#include "test/unit/seed_coverage.h"

namespace {

using kosmo::integrations::Catalog;
using kosmo::integrations::Function;
using kosmo::integrations::Manifest;

using kosmo::testing::SeedParameter;

struct SeedFunction {
  const char* name;  // short Lua name; the slug is missive_<name>
  bool write;
  std::vector<SeedParameter> parameters;
};

// Seed 002 (Missive), in the seed's order. Read/write as the seed's badges say.
std::vector<SeedFunction> missive_seed() {
  const SeedParameter conversation_id = {"conversation_id", "string", true};
  const SeedParameter params = {"params", "object", false};
  const SeedParameter body = {"body", "object", true};
  const std::vector<SeedParameter> timeline = {conversation_id, params};
  return {
      {"list_conversations",
       false,
       {{"inbox", "string", false},
        {"assignee", "string", false},
        {"state", "string", false},
        {"limit", "integer", false},
        {"offset", "integer", false}}},
      {"get_conversation", false, {{"id", "string", true}}},
      {"list_conversation_messages", false, timeline},
      {"list_conversation_comments", false, timeline},
      {"list_conversation_drafts", false, timeline},
      {"list_conversation_posts", false, timeline},
      {"merge_conversation", true, {conversation_id, body}},
      {"create_comment",
       true,
       {conversation_id, {"body", "string", true}, {"assignees", "array", false}}},
      {"create_draft", true, {body}},
      {"delete_draft", true, {{"draft_id", "string", true}}},
      {"list_messages", false, {params}},
      {"create_post", true, {body}},
      {"delete_post", true, {{"post_id", "string", true}}},
      {"list_tasks",
       false,
       {{"state", "string", false},
        {"assignee", "string", false},
        {"limit", "integer", false},
        {"offset", "integer", false}}},
      {"get_task", false, {{"task_id", "string", true}}},
      {"create_task",
       true,
       {{"title", "string", true},
        {"description", "string", false},
        {"assignee", "string", false},
        {"due_date", "string", false}}},
      {"update_task", true, {{"task_id", "string", true}, body}},
      {"get_current_user", false, {}},
      {"list_organizations", false, {params}},
      {"list_users", false, {params}},
      {"list_teams", false, {params}},
      {"create_teams", true, {body}},
      {"list_contacts", false, {params}},
      {"get_contact", false, {{"contact_id", "string", true}}},
      {"create_contacts", true, {body}},
      {"update_contacts", true, {{"contact_ids", "string", true}, body}},
      {"list_contact_books", false, {params}},
      {"list_contact_groups", false, {params}},
      {"list_responses", false, {params}},
      {"get_response", false, {{"response_id", "string", true}}},
      {"create_responses", true, {body}},
      {"update_responses", true, {{"response_ids", "string", true}, body}},
      {"delete_responses", true, {{"response_ids", "string", true}}},
      {"create_analytics_report", true, {body}},
      {"get_analytics_report", false, {{"report_id", "string", true}}},
      {"list_hooks", false, {params}},
      {"create_hook", true, {body}},
      {"delete_hook", true, {{"hook_id", "string", true}}},
      {"api_get", false, {{"path", "string", true}, params}},
      {"api_post", true, {{"path", "string", true}, {"body", "object", false}}},
      {"api_patch", true, {{"path", "string", true}, {"body", "object", false}}},
      {"api_delete", true, {{"path", "string", true}, params}},
  };
}

// Not in the seed: the reference's newer catalogue (reference §7.2, §8.1).
std::vector<SeedFunction> missive_newer() {
  return {{"list_shared_labels", false, {{"params", "object", false}}}};
}

std::vector<SeedFunction> all_functions() {
  std::vector<SeedFunction> all = missive_seed();
  for (SeedFunction& function : missive_newer()) all.push_back(std::move(function));
  return all;
}

class IntegrationsSeedCoverageMissive : public kosmo::testing::ShippedCatalogTest {
 protected:
  const Manifest& missive() {
    const Manifest* manifest = catalog_->integration("missive");
    EXPECT_NE(manifest, nullptr) << "missive is not in the catalog";
    static const Manifest kEmpty;
    return manifest != nullptr ? *manifest : kEmpty;
  }

};


TEST_F(IntegrationsSeedCoverageMissive, SeedTableHasTheSeedsCount) {
  EXPECT_EQ(missive_seed().size(), 42u);
}

TEST_F(IntegrationsSeedCoverageMissive, EveryFunctionResolvesByShortNameAndSlug) {
  for (const SeedFunction& seed : all_functions()) {
    SCOPED_TRACE(seed.name);
    const std::string slug = std::string("missive_") + seed.name;
    const Function* by_name = catalog_->function(missive(), seed.name);
    const Function* by_slug = catalog_->function(missive(), slug);
    ASSERT_NE(by_name, nullptr) << "short name " << seed.name << " does not resolve";
    ASSERT_NE(by_slug, nullptr) << "slug " << slug << " does not resolve";
    EXPECT_EQ(by_name, by_slug) << "short name and slug resolve to different functions";
    EXPECT_EQ(by_name->name, seed.name);
    EXPECT_EQ(by_name->slug, slug);
    EXPECT_EQ(by_name->is_write(), seed.write) << "read/write flag";
    EXPECT_FALSE(by_name->description.empty());
    EXPECT_FALSE(by_name->hidden);
  }
}

TEST_F(IntegrationsSeedCoverageMissive, EveryFunctionHasTheSeedsParameters) {
  for (const SeedFunction& seed : all_functions()) {
    SCOPED_TRACE(seed.name);
    const Function* function = catalog_->function(missive(), seed.name);
    ASSERT_NE(function, nullptr);
    kosmo::testing::ExpectSeedParameters(*function, seed.parameters);
  }
}

TEST_F(IntegrationsSeedCoverageMissive, HasExactlyTheSeedFunctionsAndListSharedLabels) {
  EXPECT_EQ(missive().functions.size(), missive_seed().size() + missive_newer().size());
  kosmo::testing::ExpectUniquePublicNames(missive());
}

// The generic helpers are the only functions whose path comes from the caller, and that path
// is validated by the engine (kRawPath) so it cannot leave the configured host.
TEST_F(IntegrationsSeedCoverageMissive, GenericHelpersTakeAValidatedRawPath) {
  for (const char* name : {"api_get", "api_post", "api_patch", "api_delete"}) {
    SCOPED_TRACE(name);
    const Function* function = catalog_->function(missive(), name);
    ASSERT_NE(function, nullptr);
    ASSERT_FALSE(function->parameters.empty());
    EXPECT_EQ(function->parameters[0].in, kosmo::integrations::ParamLocation::kRawPath);
  }
  for (const Function& function : missive().functions) {
    if (std::string(function.name).rfind("api_", 0) == 0) continue;
    for (const auto& parameter : function.parameters) {
      EXPECT_NE(parameter.in, kosmo::integrations::ParamLocation::kRawPath)
          << function.name << "." << parameter.name;
    }
  }
}

TEST_F(IntegrationsSeedCoverageMissive, ConfigurationMatchesTheReference) {
  const Manifest& manifest = missive();
  EXPECT_EQ(manifest.base_url, "https://public.missiveapp.com/v1");
  EXPECT_EQ(manifest.base_url_field, "url");
  EXPECT_EQ(manifest.auth.scheme, kosmo::integrations::AuthScheme::kBearer);
  EXPECT_EQ(manifest.auth.credential, "access_token");
  EXPECT_EQ(manifest.errors.http, "Missive API error ({status}): {message}");
  EXPECT_EQ(manifest.errors.message_fields, (std::vector<std::string>{"error", "message"}));
  EXPECT_EQ(manifest.errors.html,
            "Missive API endpoint not available (HTTP {status}). Check the API URL.");
  EXPECT_EQ(manifest.errors.connection, "Failed to connect to Missive API: {detail}");
  EXPECT_EQ(manifest.responses.empty_body_json.value_or("{}"), "{}");
  ASSERT_EQ(manifest.credentials.size(), 2u);
  EXPECT_EQ(manifest.credentials[0].key, "access_token");
  EXPECT_TRUE(manifest.credentials[0].required);
  EXPECT_TRUE(manifest.credentials[0].secret);
  EXPECT_EQ(manifest.credentials[1].key, "url");
  EXPECT_FALSE(manifest.credentials[1].required);
}

}  // namespace
