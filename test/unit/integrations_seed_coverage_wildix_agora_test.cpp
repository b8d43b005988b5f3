// Wildix and Agora in the embedded catalog: every seed function (../shared/seeds 003, 004) under
// its short name and slug with the seed's parameters, the newer reference functions (Wildix's 32
// WMS/PBX operations, Agora's Cloud Recording), and, for every integration, that each public
// function is described and has a docs page. The seed tables are written from the seeds, not
// from the manifests, so a manifest that drifts from the seeds fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "lib/integrations/catalog.h"
#include "test/unit/shipped_catalog_test.h"
#include "lib/integrations/integration_docs.h"
#include "test/unit/seed_coverage.h"

namespace {

using kosmo::integrations::Catalog;
using kosmo::integrations::Function;
using kosmo::integrations::Manifest;
using kosmo::integrations::Parameter;
using kosmo::integrations::ParamLocation;

using kosmo::testing::SeedParameter;

struct SeedFunction {
  const char* integration;
  const char* name;
  bool write;
  std::vector<SeedParameter> parameters;
  // The function may take more (optional) parameters after the seed's: Agora start_recording
  // also takes the Cloud Recording signature (reference §4.C).
  bool extended = false;
};

std::vector<SeedFunction> wildix_seed() {
  const std::vector<SeedParameter> paging = {{"limit", "integer", false},
                                             {"page", "integer", false}};
  const std::vector<SeedParameter> id = {{"id", "string", true}};
  return {
      {"wildix",
       "list_calls",
       false,
       {{"limit", "integer", false},
        {"page", "integer", false},
        {"date_from", "string", false},
        {"date_to", "string", false}}},
      {"wildix", "get_call", false, id},
      {"wildix", "list_extensions", false, paging},
      {"wildix", "get_extension", false, id},
      {"wildix", "list_users", false, paging},
      {"wildix", "get_current_user", false, {}},
  };
}

std::vector<SeedFunction> agora_seed() {
  return {
      {"agora", "list_projects", false, {}},
      {"agora", "get_project", false, {{"project_id", "string", true}}},
      {"agora",
       "create_project",
       true,
       {{"name", "string", true},
        {"recording_config", "object", false},
        {"sign_key", "boolean", false}}},
      {"agora",
       "list_recordings",
       false,
       {{"cname", "string", false},
        {"resource_id", "string", false},
        {"limit", "integer", false},
        {"start_ts", "integer", false},
        {"end_ts", "integer", false}}},
      {"agora", "get_recording", false, {{"recording_id", "string", true}}},
      {"agora",
       "start_recording",
       true,
       {{"cname", "string", true}, {"uid", "string", true}, {"clientRequest", "object", false}},
       true},
      {"agora", "get_current_user", false, {}},
  };
}

// Reference §3.B: the operations of @wildix/wms-api-client the newest reference exposes.
const char* const kWildixOperations[] = {
    "call_control_answer",
    "call_control_attendant_transfer",
    "call_control_blind_transfer",
    "call_control_dtmf",
    "call_control_hangup",
    "call_control_hold",
    "call_control_make_call",
    "call_control_unhold",
    "call_control_update_contact_info",
    "create_pbx_acl_group",
    "create_pbx_colleague",
    "create_pbx_o_auth2_client",
    "delete_pbx_acl_group",
    "delete_pbx_colleague",
    "delete_pbx_o_auth2_client",
    "get_call_queues_settings",
    "get_colleague_by_id",
    "get_pbx_acl_groups_permissions",
    "get_pbx_call_groups",
    "get_pbx_colleagues",
    "get_pbxes",
    "get_pbx_o_auth2_clients",
    "get_personal_info",
    "list_pbx_departments",
    "list_pbx_groups",
    "list_user_active_calls",
    "list_user_devices",
    "notifications",
    "originate",
    "originate_call",
    "reload_broadcasts",
    "update_pbx_o_auth2_client",
};

// Reference §4.B (start_recording is the seed's, extended).
const char* const kAgoraCloudFunctions[] = {
    "acquire_recording_resource", "query_recording", "update_recording",
    "update_recording_layout",    "stop_recording",  "get_notification_ips",
};

class WildixAgoraCatalog : public kosmo::testing::ShippedCatalogTest {
 protected:
  static const Manifest& integration(const char* name) {
    const Manifest* manifest = catalog_->integration(name);
    EXPECT_NE(manifest, nullptr) << "integration " << name << " is not in the catalog";
    static const Manifest kEmpty;
    return manifest != nullptr ? *manifest : kEmpty;
  }
  static const Function* find(const char* integration_name, const std::string& name,
                              bool hidden = false) {
    return catalog_->function(integration(integration_name), name, hidden);
  }

};


const Parameter* parameter_of(const Function& function, const std::string& name) {
  for (const Parameter& parameter : function.parameters) {
    if (parameter.name == name) return &parameter;
  }
  return nullptr;
}

TEST_F(WildixAgoraCatalog, SeedTablesHaveTheSeedsCounts) {
  EXPECT_EQ(wildix_seed().size(), 6u);
  EXPECT_EQ(agora_seed().size(), 7u);
  EXPECT_EQ(std::size(kWildixOperations), 32u);
}

TEST_F(WildixAgoraCatalog, SeedFunctionsResolveByShortNameAndSlugWithTheSeedsParameters) {
  std::vector<SeedFunction> all = wildix_seed();
  for (SeedFunction& function : agora_seed()) all.push_back(std::move(function));
  for (const SeedFunction& seed : all) {
    SCOPED_TRACE(std::string(seed.integration) + "." + seed.name);
    const std::string slug = std::string(seed.integration) + "_" + seed.name;
    const Function* by_name = find(seed.integration, seed.name);
    ASSERT_NE(by_name, nullptr) << "short name does not resolve";
    EXPECT_EQ(find(seed.integration, slug), by_name) << "slug " << slug;
    EXPECT_EQ(by_name->slug, slug);
    EXPECT_EQ(by_name->is_write(), seed.write);
    const auto& actual = by_name->parameters;
    if (seed.extended) {
      ASSERT_GE(actual.size(), seed.parameters.size());
    } else {
      ASSERT_EQ(actual.size(), seed.parameters.size()) << "parameters differ from the seed";
    }
    for (size_t i = 0; i < actual.size(); ++i) {
      if (i >= seed.parameters.size()) {
        EXPECT_FALSE(actual[i].required) << actual[i].name << " is beyond the seed, so optional";
        continue;
      }
      const SeedParameter& expected = seed.parameters[i];
      SCOPED_TRACE(expected.name);
      EXPECT_EQ(actual[i].name, expected.name) << "name or order differs from the seed";
      EXPECT_EQ(std::string(kosmo::integrations::to_string(actual[i].type)), expected.type);
      EXPECT_EQ(actual[i].required, expected.required);
    }
  }
}

TEST_F(WildixAgoraCatalog, WildixListFunctionsAlwaysSendTheSeedsPagingDefaults) {
  for (const char* name : {"list_calls", "list_extensions", "list_users"}) {
    SCOPED_TRACE(name);
    const Function* function = find("wildix", name);
    ASSERT_NE(function, nullptr);
    const Parameter* limit = parameter_of(*function, "limit");
    const Parameter* page = parameter_of(*function, "page");
    ASSERT_NE(limit, nullptr);
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(limit->default_json.value_or(""), "25");
    EXPECT_EQ(page->default_json.value_or(""), "1");
  }
}

TEST_F(WildixAgoraCatalog, WildixOperationsNeedThePbxAndTakeSnakeCaseParameters) {
  const std::regex snake("[a-z][a-z0-9_]*");
  EXPECT_EQ(integration("wildix").visible_function_count(), 6u + std::size(kWildixOperations));
  EXPECT_EQ(integration("wildix").base_url_host_suffix, ".wildixin.com");
  // Every function, the seed's six included, calls the PBX: its address is a required field.
  const auto& credentials = integration("wildix").credentials;
  const auto url = std::find_if(credentials.begin(), credentials.end(),
                                [](const auto& field) { return field.key == "url"; });
  ASSERT_NE(url, credentials.end());
  EXPECT_TRUE(url->required);
  for (const char* operation : kWildixOperations) {
    SCOPED_TRACE(operation);
    const Function* function = find("wildix", operation);
    ASSERT_NE(function, nullptr) << "operation missing";
    EXPECT_EQ(find("wildix", std::string("wildix_") + operation), function);
    ASSERT_GE(function->parameters.size(), 2u);
    const Parameter& query = function->parameters[function->parameters.size() - 2];
    const Parameter& payload = function->parameters.back();
    EXPECT_EQ(query.name, "query");
    EXPECT_EQ(query.in, ParamLocation::kQueryObject);
    EXPECT_EQ(payload.name, "payload");
    EXPECT_EQ(payload.in, ParamLocation::kBodyObject);
    for (const Parameter& parameter : function->parameters) {
      EXPECT_TRUE(std::regex_match(parameter.name, snake)) << parameter.name;
    }
  }
}

TEST_F(WildixAgoraCatalog, AgoraCloudRecordingUsesBasicAuthAndTheAppPrefix) {
  for (const char* name : kAgoraCloudFunctions) {
    SCOPED_TRACE(name);
    const Function* function = find("agora", name);
    ASSERT_NE(function, nullptr) << "function missing";
    ASSERT_TRUE(function->auth.has_value());
    EXPECT_EQ(function->auth->username, "customer_id");
    EXPECT_EQ(function->auth->password, "customer_secret");
    EXPECT_EQ(function->base_url.value_or(""), "https://api.sd-rtn.com");
    const bool needs_app = std::string(name) != "get_notification_ips";
    EXPECT_EQ(function->path_prefix.value_or(""),
              needs_app ? "/v1/apps/{app_id}/cloud_recording" : "");
    EXPECT_EQ(function->requires_credentials,
              needs_app ? std::vector<std::string>{"app_id"} : std::vector<std::string>{});
  }
}

// The seed's project functions call Agora's Console RESTful API (https://api.agora.io/dev/v1)
// with the same Basic customer credentials; the seed functions Agora has no endpoint for refuse.
TEST_F(WildixAgoraCatalog, AgoraProjectsUseTheConsoleApiAndTheRestRefuse) {
  const Manifest& agora = integration("agora");
  EXPECT_EQ(agora.base_url, "https://api.agora.io");
  EXPECT_EQ(agora.path_prefix, "/dev/v1");
  EXPECT_EQ(agora.auth.scheme, kosmo::integrations::AuthScheme::kBasic);
  EXPECT_EQ(agora.auth.username, "customer_id");
  EXPECT_EQ(agora.auth.password, "customer_secret");
  for (const char* name : {"list_projects", "get_project", "create_project"}) {
    SCOPED_TRACE(name);
    const Function* function = find("agora", name);
    ASSERT_NE(function, nullptr);
    EXPECT_FALSE(function->auth.has_value()) << "the manifest's Basic auth";
    EXPECT_FALSE(function->base_url.has_value());
    EXPECT_FALSE(function->undocumented_endpoint);
  }
  for (const char* name : {"list_recordings", "get_recording", "get_current_user"}) {
    SCOPED_TRACE(name);
    const Function* function = find("agora", name);
    ASSERT_NE(function, nullptr);
    EXPECT_EQ(function->hook, "unsupported");
    EXPECT_TRUE(function->path.empty()) << "a refused function sends nothing";
    EXPECT_TRUE(function->undocumented_endpoint) << "marked, as the catalog marks every refusal";
    const std::string& message = function->hook_message;
    EXPECT_TRUE(message.find("query_recording(") != std::string::npos ||
                message.find("Use list_projects") != std::string::npos)
        << "the refusal names the function to use: " << message;
  }
}

// The agora_start_recording hook forwards start_recording's arguments by name to the hidden
// cloud_start_recording and to acquire_recording_resource, so both must exist under those
// names and start_recording must declare every parameter of both, with the same types.
TEST_F(WildixAgoraCatalog, AgoraStartRecordingTakesTheUnionOfTheSignaturesItForwardsTo) {
  const Function* start = find("agora", "start_recording");
  ASSERT_NE(start, nullptr);
  EXPECT_EQ(start->hook, "agora_start_recording");
  EXPECT_EQ(find("agora", "cloud_start_recording"), nullptr) << "must be hidden";
  const Function* cloud_start = find("agora", "cloud_start_recording", true);
  const Function* acquire = find("agora", "acquire_recording_resource");
  ASSERT_NE(cloud_start, nullptr);
  ASSERT_NE(acquire, nullptr);
  EXPECT_TRUE(cloud_start->hidden);
  for (const Function* target : {cloud_start, acquire}) {
    SCOPED_TRACE(target->name);
    for (const Parameter& parameter : target->parameters) {
      const Parameter* mine = parameter_of(*start, parameter.name);
      ASSERT_NE(mine, nullptr) << "start_recording lacks " << parameter.name;
      EXPECT_EQ(mine->type, parameter.type) << parameter.name;
      EXPECT_EQ(mine->value_map, parameter.value_map) << parameter.name;
    }
  }
  const Parameter* mode = parameter_of(*start, "mode");
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->value_map.at("composite"), "mix");
  EXPECT_EQ(mode->value_map.at("webpage"), "web");
}

TEST_F(WildixAgoraCatalog, NamesAreUniqueWithinEachIntegration) {
  for (const char* name : {"wildix", "agora"})
    kosmo::testing::ExpectUniquePublicNames(integration(name));
}

// Catalog-wide: every public function of every embedded manifest is described, each parameter
// too, and `docs.read("<integration>.<fn>")` (by short name and by slug) finds its page.
TEST_F(WildixAgoraCatalog, CatalogEveryPublicFunctionIsDescribedAndHasADocsPage) {
  auto docs = kosmo::integrations::make_integration_doc_source(
      []() -> const Catalog* { return catalog_; },
      [](const Manifest&) { return std::string("not configured"); });
  ASSERT_FALSE(catalog_->integrations().empty());
  for (const Manifest& manifest : catalog_->integrations()) {
    SCOPED_TRACE(manifest.name);
    const auto integration_page = docs->read(manifest.name);
    ASSERT_TRUE(integration_page.has_value());
    for (const Function& function : manifest.functions) {
      if (function.hidden) continue;
      SCOPED_TRACE(function.name);
      EXPECT_FALSE(function.description.empty());
      for (const Parameter& parameter : function.parameters) {
        EXPECT_FALSE(parameter.description.empty()) << "parameter " << parameter.name;
      }
      const std::string heading = "### " + manifest.name + "." + function.name + "\n";
      const std::string page = kosmo::integrations::function_page(manifest, function);
      EXPECT_EQ(page.rfind(heading, 0), 0u) << page.substr(0, 80);
      EXPECT_NE(integration_page->find(heading), std::string::npos);
      for (const std::string& name :
           {manifest.name + "." + function.name, manifest.name + "." + function.slug,
            "integrations." + manifest.name + "." + function.name}) {
        const auto read = docs->read(name);
        ASSERT_TRUE(read.has_value()) << name;
        EXPECT_EQ(*read, page) << name;
      }
    }
  }
}

TEST_F(WildixAgoraCatalog, HandWrittenPagesLeadTheIntegrationPages) {
  auto docs = kosmo::integrations::make_integration_doc_source(
      []() -> const Catalog* { return catalog_; },
      [](const Manifest&) { return std::string("configured"); });
  for (const auto& [name, title] :
       {std::pair{"wildix", "# Wildix\n"}, std::pair{"agora", "# Agora\n"}}) {
    const auto page = docs->read(name);
    ASSERT_TRUE(page.has_value()) << name;
    EXPECT_EQ(page->rfind(title, 0), 0u) << name;
    EXPECT_NE(page->find("## Function reference"), std::string::npos);
    EXPECT_EQ(page->find("### agora.cloud_start_recording"), std::string::npos)
        << "hidden functions have no reference entry";
  }
}

}  // namespace
