#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lib/config/credential_env.h"
#include "lib/config/credentials.h"

namespace kosmo::config {
namespace {
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

const std::vector<CredentialField> kSinchFields = {
    {"service_plan_id", true, false, std::nullopt},
    {"api_token", true, true, std::nullopt},
    {"region", false, false, std::string("us")},
};

KosmoConfig sinch_config() {
  return KosmoConfig::parse(R"(
integrations:
  sinch:
    accounts:
      default: { service_plan_id: "abc", api_token: "${SINCH_TOKEN}" }
      work:    { service_plan_id: "def", api_token: "work-token", region: "eu" }
)",
                            "config.yaml");
}

TEST(ConfigCredentialsTest, EnvironmentVariableNames) {
  EXPECT_EQ(default_account_env_var("sinch", "api_token"), "KOSMO_SINCH_API_TOKEN");
  EXPECT_EQ(account_env_var("sinch", "work", "api_token"), "KOSMO_SINCH__WORK__API_TOKEN");
  EXPECT_EQ(default_account_env_var("google-calendar", "api.key"), "KOSMO_GOOGLE_CALENDAR_API_KEY");
  EXPECT_EQ(account_env_var("sinch", "eu-prod", "token"), "KOSMO_SINCH__EU_PROD__TOKEN");
}

TEST(ConfigCredentialsTest, ConfigValuesWithEnvironmentReferences) {
  const KosmoConfig config = sinch_config();
  MapEnvironment env({{"SINCH_TOKEN", "from-env-ref"}});
  const ResolvedCredentials got =
      CredentialResolver(config, env).resolve("sinch", "default", kSinchFields);
  EXPECT_TRUE(got.complete());
  EXPECT_THAT(got.values, ElementsAre(Pair("api_token", "from-env-ref"), Pair("region", "us"),
                                      Pair("service_plan_id", "abc")));
  EXPECT_THAT(got.sources, ElementsAre(Pair("api_token", CredentialSource::kConfig),
                                       Pair("region", CredentialSource::kDefault),
                                       Pair("service_plan_id", CredentialSource::kConfig)));
  EXPECT_THAT(got.secret_values, ElementsAre("from-env-ref"));
  EXPECT_EQ(got.integration, "sinch");
  EXPECT_EQ(got.account, "default");
}

TEST(ConfigCredentialsTest, UnsetReferenceIsMissing) {
  const KosmoConfig config = sinch_config();
  MapEnvironment env;
  const ResolvedCredentials got =
      CredentialResolver(config, env).resolve("sinch", "default", kSinchFields);
  EXPECT_FALSE(got.complete());
  EXPECT_THAT(got.missing, ElementsAre("api_token"));
  EXPECT_EQ(got.values.count("api_token"), 0u);
}

// KosmoKrator's IntegrationManager::isConfiguredForActivation: trim($value) === '' is missing.
TEST(ConfigCredentialsTest, WhitespaceOnlyValuesAreMissing) {
  const KosmoConfig config = KosmoConfig::parse(R"(
integrations:
  sinch:
    accounts:
      default: { service_plan_id: "  \t ", api_token: "${SINCH_TOKEN}" }
)",
                                                "config.yaml");
  MapEnvironment env({{"SINCH_TOKEN", "\n"}, {"KOSMO_SINCH_REGION", " "}});
  const ResolvedCredentials got =
      CredentialResolver(config, env).resolve("sinch", "default", kSinchFields);
  EXPECT_THAT(got.missing, ElementsAre("service_plan_id", "api_token"));
  // A blank environment value does not hide the declared default either.
  EXPECT_EQ(got.values.at("region"), "us");
}

TEST(ConfigCredentialsTest, EnvironmentOverridesTheDefaultAccount) {
  const KosmoConfig config = sinch_config();
  MapEnvironment env({{"SINCH_TOKEN", "ref"}, {"KOSMO_SINCH_SERVICE_PLAN_ID", "env-plan"}});
  CredentialResolver resolver(config, env);
  EXPECT_EQ(resolver.resolve("sinch", "default", kSinchFields).values.at("service_plan_id"),
            "env-plan");
  // The double-underscore form names the account explicitly and wins over the short form.
  env.set("KOSMO_SINCH__DEFAULT__SERVICE_PLAN_ID", "explicit-plan");
  EXPECT_EQ(resolver.resolve("sinch", "default", kSinchFields).values.at("service_plan_id"),
            "explicit-plan");
  // The short form is for the default account only.
  EXPECT_EQ(resolver.resolve("sinch", "work", kSinchFields).values.at("service_plan_id"), "def");
}

TEST(ConfigCredentialsTest, EnvironmentOverridesANamedAccount) {
  const KosmoConfig config = sinch_config();
  MapEnvironment env(
      {{"KOSMO_SINCH__WORK__API_TOKEN", "ci-token"}, {"KOSMO_SINCH__WORK__REGION", ""}});
  const ResolvedCredentials got =
      CredentialResolver(config, env).resolve("sinch", "work", kSinchFields);
  EXPECT_EQ(got.values.at("api_token"), "ci-token");
  EXPECT_EQ(got.sources.at("api_token"), CredentialSource::kEnvironment);
  EXPECT_EQ(got.values.at("region"), "eu");  // an empty variable does not override
  EXPECT_THAT(got.secret_values, ElementsAre("ci-token"));
}

TEST(ConfigCredentialsTest, EnvironmentAloneSuppliesAnAccount) {
  const KosmoConfig empty;
  MapEnvironment env({{"KOSMO_SINCH_SERVICE_PLAN_ID", "p"}, {"KOSMO_SINCH_API_TOKEN", "t"}});
  const ResolvedCredentials got =
      CredentialResolver(empty, env).resolve("sinch", "default", kSinchFields);
  EXPECT_TRUE(got.complete());
  EXPECT_THAT(got.values, ElementsAre(Pair("api_token", "t"), Pair("region", "us"),
                                      Pair("service_plan_id", "p")));
}

TEST(ConfigCredentialsTest, MissingFieldsAreListedInDeclaredOrder) {
  const KosmoConfig empty;
  MapEnvironment env;
  const ResolvedCredentials got =
      CredentialResolver(empty, env).resolve("sinch", "home", kSinchFields);
  EXPECT_THAT(got.missing, ElementsAre("service_plan_id", "api_token"));
  EXPECT_THAT(got.values, ElementsAre(Pair("region", "us")));
  EXPECT_EQ(missing_credentials_message("sinch", "home", got.missing),
            "Integration 'sinch' is missing required credentials for account 'home': "
            "service_plan_id, api_token. Set KOSMO_SINCH__HOME__SERVICE_PLAN_ID and "
            "KOSMO_SINCH__HOME__API_TOKEN, or run: kosmo integrations:configure sinch --account "
            "home --set service_plan_id=VALUE --set api_token=VALUE");
}

TEST(ConfigCredentialsTest, AccountSpellingFromTheEnvironmentFindsTheConfigAccount) {
  const KosmoConfig config = KosmoConfig::parse(
      "integrations:\n  sinch:\n    accounts:\n      Work: {service_plan_id: p, api_token: t}\n",
      "c.yaml");
  MapEnvironment env({{"KOSMO_SINCH__WORK__API_TOKEN", "env"}});
  CredentialResolver resolver(config, env);
  EXPECT_THAT(resolver.accounts("sinch"), ElementsAre("default", "Work"));
  const ResolvedCredentials got = resolver.resolve("sinch", "work", kSinchFields);
  EXPECT_EQ(got.values.at("service_plan_id"), "p");
  EXPECT_EQ(got.values.at("api_token"), "env");
}

TEST(ConfigCredentialsTest, AccountsComeFromConfigAndEnvironment) {
  const KosmoConfig config = sinch_config();
  MapEnvironment env({{"KOSMO_SINCH__WORK__API_TOKEN", "x"},
                      {"KOSMO_SINCH__STAGING__API_TOKEN", "x"},
                      {"KOSMO_SINCH__EU_PROD__SERVICE_PLAN_ID", "x"},
                      {"KOSMO_SINCH__DEFAULT__API_TOKEN", "x"},
                      {"KOSMO_SINCH__EMPTY__API_TOKEN", ""},
                      {"KOSMO_SINCH__NOFIELD__", "x"},
                      {"KOSMO_SINCH_API_TOKEN", "x"},
                      {"KOSMO_ANTHROPIC__OTHER__API_KEY", "x"}});
  EXPECT_THAT(CredentialResolver(config, env).accounts("sinch"),
              ElementsAre("default", "work", "eu_prod", "staging"));
  EXPECT_THAT(CredentialResolver(config, env).accounts("wildix"), ElementsAre("default"));
  EXPECT_THAT(accounts_in_environment("anthropic", env), ElementsAre("other"));
}

TEST(ConfigCredentialsTest, AccountNameRules) {
  EXPECT_TRUE(is_valid_account_name("work"));
  EXPECT_TRUE(is_valid_account_name("eu-prod_2"));
  EXPECT_FALSE(is_valid_account_name(""));
  EXPECT_FALSE(is_valid_account_name("a__b"));
  EXPECT_FALSE(is_valid_account_name("_a"));
  EXPECT_FALSE(is_valid_account_name("a b"));
  EXPECT_FALSE(is_valid_account_name("a.b"));
}

TEST(ConfigCredentialsTest, ExplicitlyDisabledWinsOverEverything) {
  const KosmoConfig config = KosmoConfig::parse(
      "integrations:\n  sinch:\n    enabled: false\n    accounts:\n      default: {a: b}\n",
      "c.yaml");
  MapEnvironment env({{"KOSMO_SINCH_SERVICE_PLAN_ID", "p"}, {"KOSMO_SINCH_API_TOKEN", "t"}});
  CredentialResolver resolver(config, env);
  EXPECT_FALSE(resolver.is_enabled("sinch", kSinchFields));
  EXPECT_THAT(resolver.unavailable_reason("sinch", "default", kSinchFields),
              Optional(std::string("Integration 'sinch' is disabled. Enable it with: kosmo "
                                   "integrations:configure sinch --enable")));
}

TEST(ConfigCredentialsTest, ConfiguredInTheFileMeansEnabled) {
  MapEnvironment env;
  EXPECT_TRUE(CredentialResolver(sinch_config(), env).is_enabled("sinch", kSinchFields));
  const KosmoConfig flag_only =
      KosmoConfig::parse("integrations:\n  sinch:\n    enabled: true\n", "c.yaml");
  EXPECT_TRUE(CredentialResolver(flag_only, env).is_enabled("sinch", kSinchFields));
  // Permissions alone do not configure an integration.
  const KosmoConfig policy_only =
      KosmoConfig::parse("integrations:\n  sinch:\n    permissions: {write: allow}\n", "c.yaml");
  EXPECT_FALSE(CredentialResolver(policy_only, env).is_enabled("sinch", kSinchFields));
}

TEST(ConfigCredentialsTest, EnabledThroughTheEnvironment) {
  const KosmoConfig empty;
  MapEnvironment env({{"KOSMO_SINCH_API_TOKEN", "t"}});
  CredentialResolver resolver(empty, env);
  EXPECT_FALSE(resolver.is_enabled("sinch", kSinchFields));  // service_plan_id still missing
  EXPECT_THAT(resolver.unavailable_reason("sinch", "default", kSinchFields),
              Optional(std::string("Integration 'sinch' is missing required credentials for "
                                   "account 'default': service_plan_id. Set "
                                   "KOSMO_SINCH_SERVICE_PLAN_ID, or run: kosmo "
                                   "integrations:configure sinch --set service_plan_id=VALUE")));
  env.set("KOSMO_SINCH_SERVICE_PLAN_ID", "p");
  EXPECT_TRUE(resolver.is_enabled("sinch", kSinchFields));
  EXPECT_EQ(resolver.unavailable_reason("sinch", "default", kSinchFields), std::nullopt);
  EXPECT_FALSE(resolver.is_enabled("anthropic", {{"api_key", true, true, std::nullopt}}));
}

TEST(ConfigCredentialsTest, ANamedAccountInTheEnvironmentEnablesTheIntegration) {
  const KosmoConfig empty;
  MapEnvironment env(
      {{"KOSMO_SINCH__WORK__SERVICE_PLAN_ID", "p"}, {"KOSMO_SINCH__WORK__API_TOKEN", "t"}});
  CredentialResolver resolver(empty, env);
  EXPECT_TRUE(resolver.is_enabled("sinch", kSinchFields));
  EXPECT_EQ(resolver.unavailable_reason("sinch", "work", kSinchFields), std::nullopt);
  EXPECT_THAT(resolver.unavailable_reason("sinch", "default", kSinchFields),
              Optional(std::string("Integration 'sinch' is missing required credentials for "
                                   "account 'default': service_plan_id, api_token. Set "
                                   "KOSMO_SINCH_SERVICE_PLAN_ID and KOSMO_SINCH_API_TOKEN, or "
                                   "run: kosmo integrations:configure sinch --set "
                                   "service_plan_id=VALUE --set api_token=VALUE")));
}

TEST(ConfigCredentialsTest, DefaultsAloneDoNotEnableAnIntegration) {
  const KosmoConfig empty;
  MapEnvironment env;
  const std::vector<CredentialField> fields = {{"base_url", true, false, "https://x.test"}};
  CredentialResolver resolver(empty, env);
  EXPECT_FALSE(resolver.is_enabled("public", fields));
  EXPECT_TRUE(resolver.resolve("public", "default", fields).complete());
  EXPECT_THAT(resolver.unavailable_reason("public", "default", fields),
              Optional(disabled_message("public")));
}

}  // namespace
}  // namespace kosmo::config
