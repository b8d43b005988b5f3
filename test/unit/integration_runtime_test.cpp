// IntegrationRuntime through its seams, up to the point a request is sent: credentials and
// accounts, the permission policy, --dry-run, integrations that cannot be called, configuration
// and catalog failures, unknown functions and invalid arguments. What comes back from the vendor
// is in integration_runtime_http_test.cpp.
#include <gmock/gmock.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "lib/common/error_codes.h"
#include "test/unit/integration_runtime_fixture.h"
#include "test/unit/test_files.h"

namespace kosmo::integrations::runtime_test {
namespace {

using config::Operation;
using ::testing::StartsWith;

constexpr const char kWriteAsk[] =
    "Integration 'demo' write access requires approval. Re-run with --force or set "
    "integrations.demo.permissions.write: allow.";
constexpr const char kWriteDenied[] =
    "Integration 'demo' write access is denied by policy. Re-run with --force or set "
    "integrations.demo.permissions.write: allow.";

void expect_refused(const lua::CallOutcome& outcome, ErrorCode code, const std::string& message) {
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(error_code_name(outcome.error_code), error_code_name(code));
  EXPECT_EQ(outcome.error_message, message);
}

// --- credentials and accounts ---

TEST_F(IntegrationRuntimeTest, ReadSendsTheAuthHeaderFromEnvironmentCredentialsAndReturnsData) {
  answer(200, R"({"id":"7","name":"Seven"})");
  const lua::CallOutcome outcome = call("demo.get_item", R"({"id": "7", "expand": true})");

  EXPECT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(json_text(outcome.data), R"({"id":"7","name":"Seven"})");
  EXPECT_EQ(outcome.function, "demo_get_item");
  EXPECT_EQ(outcome.account, "default");
  EXPECT_EQ(outcome.operation, Operation::kRead);
  EXPECT_FALSE(outcome.dry_run);
  EXPECT_EQ(outcome.http_status, 200);
  EXPECT_EQ(outcome.attempts, 1);
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_EQ(sent()[0].method, "GET");
  EXPECT_EQ(sent()[0].url, "https://api.demo.test/v1/items/7?expand=true");
  EXPECT_EQ(header(sent()[0], "X-Demo-Key"), kEnvKey);
}

TEST_F(IntegrationRuntimeTest, ConfigCredentialsExpandEnvironmentReferencesWhenCalled) {
  env_.variables.unset("KOSMO_DEMO_API_KEY");
  env_.variables.set("DEMO_SECRET", "config-ref-key");
  configure(R"(
integrations:
  demo:
    accounts:
      default: { api_key: "${DEMO_SECRET}" }
)");
  EXPECT_TRUE(call("demo.get_item", R"({"id": "7"})").ok);
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_EQ(header(sent()[0], "X-Demo-Key"), "config-ref-key");
}

constexpr const char kTwoAccounts[] = R"(
integrations:
  demo:
    accounts:
      default: { api_key: "default-file-key" }
      work: { api_key: "work-file-key" }
)";

TEST_F(IntegrationRuntimeTest, NamedAccountSendsOnlyItsOwnCredentials) {
  configure(kTwoAccounts);
  const lua::CallOutcome work = call("demo.work.get_item", R"({"id": "7"})");
  const lua::CallOutcome fallback = call("demo.get_item", R"({"id": "7"})");

  EXPECT_TRUE(work.ok) << work.error_message;
  EXPECT_EQ(work.account, "work");
  EXPECT_EQ(fallback.account, "default");
  ASSERT_EQ(sent().size(), 2u);
  EXPECT_EQ(header(sent()[0], "X-Demo-Key"), "work-file-key");
  // KOSMO_DEMO_API_KEY is the default account's and outranks its config value.
  EXPECT_EQ(header(sent()[1], "X-Demo-Key"), kEnvKey);
}

TEST_F(IntegrationRuntimeTest, NamedAccountWithoutItsOwnKeyDoesNotBorrowTheDefaultOnes) {
  configure(kTwoAccounts);
  const lua::CallOutcome outcome = call("demo.home.get_item", R"({"id": "7"})");
  expect_refused(outcome, ErrorCode::kNotConfigured,
                 "Integration 'demo' is missing required credentials for account 'home': "
                 "api_key. Set KOSMO_DEMO__HOME__API_KEY, or run: kosmo integrations:configure "
                 "demo --account home --set api_key=VALUE");
  EXPECT_EQ(outcome.account, "home");
  EXPECT_TRUE(sent().empty());
}

// --- the permission policy ---

TEST_F(IntegrationRuntimeTest, DefaultWritePolicyAsksSoAWriteIsRefusedWithoutSending) {
  const lua::CallOutcome outcome = call("demo.create_item", R"({"title": "x"})");
  expect_refused(outcome, ErrorCode::kPermissionDenied, kWriteAsk);
  EXPECT_EQ(outcome.function, "demo_create_item");
  EXPECT_EQ(outcome.operation, Operation::kWrite);
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, ForceSendsAWriteThePolicyWouldRefuse) {
  options_.flags.force = true;
  answer(201, R"({"id":"9"})");
  const lua::CallOutcome outcome = call("demo.create_item", R"({"title": "x"})");

  EXPECT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(json_text(outcome.data), R"({"id":"9"})");
  EXPECT_EQ(outcome.http_status, 201);
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_EQ(sent()[0].method, "POST");
  EXPECT_EQ(sent()[0].url, "https://api.demo.test/v1/items");
  EXPECT_EQ(sent()[0].body, R"({"title":"x"})");
  EXPECT_EQ(header(sent()[0], "X-Demo-Key"), kEnvKey);
}

TEST_F(IntegrationRuntimeTest, UserWriteAllowSendsAWriteWithoutForce) {
  configure("integrations: { demo: { permissions: { write: allow } } }");
  EXPECT_TRUE(call("demo.create_item", R"({"title": "x"})").ok);
  EXPECT_EQ(sent().size(), 1u);
}

TEST_F(IntegrationRuntimeTest, UserReadDenyRefusesARead) {
  configure("integrations: { demo: { permissions: { read: deny } } }");
  const lua::CallOutcome outcome = call("demo.get_item", R"({"id": "7"})");
  expect_refused(outcome, ErrorCode::kPermissionDenied,
                 "Integration 'demo' read access is denied by policy. Re-run with --force or set "
                 "integrations.demo.permissions.read: allow.");
  EXPECT_EQ(outcome.operation, Operation::kRead);
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, ProjectConfigNarrowsTheUserPolicy) {
  configure("integrations: { demo: { permissions: { write: allow } } }",
            "integrations: { demo: { permissions: { write: deny } } }");
  // The user's own setting cannot lift a project's deny, so the advice points at the project.
  expect_refused(call("demo.create_item", R"({"title": "x"})"), ErrorCode::kPermissionDenied,
                 "Integration 'demo' write access is denied by the project policy in "
                 "project.yaml. Re-run with --force or change "
                 "integrations.demo.permissions.write there.");
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, ProjectConfigNeverWidensTheDefaultWriteAsk) {
  configure("", "integrations: { demo: { permissions: { write: allow } } }");
  expect_refused(call("demo.create_item", R"({"title": "x"})"), ErrorCode::kPermissionDenied,
                 kWriteAsk);
  EXPECT_TRUE(sent().empty());
}

// --- --dry-run ---

constexpr const char kDescribedCreate[] =
    R"({"dry_run":true,"function":"demo_create_item","request":{"method":"POST",)"
    R"("url":"https://api.demo.test/v1/items","query":{},"body":{"title":"x"}}})";

TEST_F(IntegrationRuntimeTest, DryRunDescribesAWriteInsteadOfSendingIt) {
  options_.flags.dry_run = true;
  const lua::CallOutcome outcome = call("demo.create_item", R"({"title": "x"})");

  EXPECT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_TRUE(outcome.dry_run);
  EXPECT_EQ(json_text(outcome.data), kDescribedCreate);
  EXPECT_EQ(outcome.function, "demo_create_item");
  EXPECT_EQ(outcome.operation, Operation::kWrite);
  EXPECT_FALSE(outcome.http_status.has_value());
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, DryRunDescribesAWriteEvenWhenThePolicyDeniesWrites) {
  options_.flags.dry_run = true;
  configure("integrations: { demo: { permissions: { write: deny } } }");
  const lua::CallOutcome outcome = call("demo.create_item", R"({"title": "x"})");

  EXPECT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_TRUE(outcome.dry_run);
  EXPECT_EQ(json_text(outcome.data), kDescribedCreate);
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, DryRunStillSendsReadsEvenThoseThatPost) {
  options_.flags.dry_run = true;
  answer(200, R"({"items":[]})");
  const lua::CallOutcome outcome = call("demo.search_items", R"({"q": "x"})");

  EXPECT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_FALSE(outcome.dry_run);
  EXPECT_EQ(json_text(outcome.data), R"({"items":[]})");
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_EQ(sent()[0].method, "POST");
  EXPECT_EQ(sent()[0].body, R"({"q":"x"})");
}

// --- integrations that cannot be called ---

TEST_F(IntegrationRuntimeTest, MissingRequiredCredentialIsNotConfiguredAndNothingIsSent) {
  env_.variables.unset("KOSMO_DEMO_API_KEY");
  const lua::CallOutcome outcome = call("demo.get_item", R"({"id": "7"})");
  expect_refused(outcome, ErrorCode::kNotConfigured,
                 "Integration 'demo' is missing required credentials for account 'default': "
                 "api_key. Set KOSMO_DEMO_API_KEY, or run: kosmo integrations:configure demo "
                 "--set api_key=VALUE");
  EXPECT_EQ(outcome.function, "demo_get_item");
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, DisabledIntegrationIsNotConfiguredEvenWithCredentials) {
  configure("integrations: { demo: { enabled: false } }");
  expect_refused(call("demo.get_item", R"({"id": "7"})"), ErrorCode::kNotConfigured,
                 "Integration 'demo' is disabled. Enable it with: kosmo integrations:configure "
                 "demo --enable");
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, ReplayNeedsNoCredentials) {
  env_.variables.unset("KOSMO_DEMO_API_KEY");
  options_.flags.replay = "demo.cassette.json";
  answer(200, R"({"id":"7"})");
  const lua::CallOutcome outcome = call("demo.get_item", R"({"id": "7"})");

  EXPECT_TRUE(outcome.ok) << outcome.error_message;
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_EQ(sent()[0].route_path, "/items/7");           // what a cassette matches on
  EXPECT_EQ(header(sent()[0], "X-Demo-Key"), "replay");  // a placeholder, never a real key
}

// --- configuration and catalog failures ---

TEST_F(IntegrationRuntimeTest, ConfigurationFailureMakesEveryCallAConfigErrorWithoutSending) {
  kosmo::testing::TempDir home;
  std::ofstream(home.path() / "config.yaml") << "integrations: [unclosed\n";
  env_.variables.set("KOSMO_HOME", home.path().string());
  config_.emplace(config::Configuration::load(env_, home.path() / "project"));
  ASSERT_TRUE(config_->failure().has_value());
  options_.flags.force = true;

  for (const char* path : {"demo.get_item", "demo.work.get_item", "demo.create_item"}) {
    const lua::CallOutcome outcome = call(path, R"({"id": "7", "title": "x"})");
    expect_refused(outcome, ErrorCode::kConfig, config_->failure()->message);
    EXPECT_NE(outcome.error_message.find("config.yaml"), std::string::npos);
  }
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, CatalogThatFailedToLoadMakesEveryCallAConfigError) {
  catalog_ = Failure{ErrorCode::kConfig, "demo.json: key 'functions' is required"};
  for (const char* path : {"demo.get_item", "demo.nope"}) {
    const lua::CallOutcome outcome = call(path, R"({"id": "7"})");
    expect_refused(outcome, ErrorCode::kConfig, "demo.json: key 'functions' is required");
    EXPECT_FALSE(outcome.operation.has_value());
  }
  EXPECT_TRUE(sent().empty());
}

// --- unknown functions and invalid arguments ---

TEST_F(IntegrationRuntimeTest, UnknownFunctionIsAnIntegrationErrorSuggestingNearNames) {
  const lua::CallOutcome outcome = call("demo.get_iten");
  expect_refused(outcome, ErrorCode::kIntegration,
                 "Unknown function: app.integrations.demo.get_iten. Did you mean: "
                 "app.integrations.demo.get_item?");
  EXPECT_TRUE(outcome.function.empty());
  EXPECT_FALSE(outcome.operation.has_value());

  expect_refused(call("demo.nope"), ErrorCode::kIntegration,
                 "Unknown function: app.integrations.demo.nope.");
  // The nearest name comes first; how many others follow is nearest_names' business.
  EXPECT_THAT(call("dmeo.get_item").error_message,
              StartsWith("Unknown function: app.integrations.dmeo.get_item. Did you mean: "
                         "app.integrations.demo.get_item"));
  EXPECT_TRUE(sent().empty());
}

TEST_F(IntegrationRuntimeTest, InvalidArgumentsAreRefusedBeforeAnyCall) {
  const lua::CallOutcome outcome = call("demo.get_item", R"({"expand": "yes", "colour": 1})");
  expect_refused(outcome, ErrorCode::kIntegration,
                 "Invalid arguments for app.integrations.demo.get_item (missing: id; wrong type: "
                 "expand (expected boolean); unknown: colour). No external call was made.");
  EXPECT_EQ(outcome.function, "demo_get_item");
  EXPECT_EQ(outcome.operation, Operation::kRead);
  EXPECT_TRUE(sent().empty());
}

// An argument a JSON-body function does not declare is sent at the top of the body, and the run
// warns about it once per function and field, however often a loop repeats the call.
TEST_F(IntegrationRuntimeTest, UndeclaredBodyFieldIsSentAndWarnedAboutOnce) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(call("demo.search_items", R"({"q": "x", "region": "eu"})").ok);
  }
  spdlog::set_default_logger(previous);
  ASSERT_EQ(sent().size(), 3u);
  EXPECT_EQ(sent()[2].body, R"({"q":"x","region":"eu"})");
  const std::string text = log.str();
  EXPECT_THAT(text, ::testing::HasSubstr("app.integrations.demo.search_items: 'region' is not a "
                                         "documented parameter; sent as is in the JSON body"));
  EXPECT_EQ(text.find("'region'"), text.rfind("'region'")) << text;
}

}  // namespace
}  // namespace kosmo::integrations::runtime_test
