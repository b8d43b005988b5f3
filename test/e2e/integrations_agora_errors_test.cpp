// End to end: Agora credentials per generation (exit 5 naming what is missing) and failures —
// Cloud Recording's {code, reason}, the Console's {error_msg}, the fake's {error}, HTML pages and
// refused connections.
#include <gtest/gtest.h>

#include "e2e/integrations_wildix_agora_fixture.h"
#include "fakes/http_test_server.h"

namespace kosmo::e2e {
namespace {

namespace faults = fakes::faults;

using AgoraCredentialsTest = AgoraTest;
using AgoraErrorsTest = AgoraTest;

constexpr const char kQuery[] = R"(return app.integrations.agora.query_recording({
    resource_id = "RID-1", sid = "sid-1", mode = "mix"}))";

constexpr const char kMissing[] =
    "Integration 'agora' is missing required credentials for account 'default': ";

TEST_F(AgoraCredentialsTest, EachGenerationNeedsOnlyItsOwnCredentials) {
  SetEnv("KOSMO_AGORA_API_KEY", "");
  KosmoRun legacy = Lua("return app.integrations.agora.list_projects()");
  EXPECT_EQ(legacy.exit_code(), 5) << legacy.Describe();
  EXPECT_EQ(legacy.error_code(), "not_configured");
  EXPECT_EQ(legacy.error(), std::string(kMissing) +
                                "api_key. Set KOSMO_AGORA_API_KEY, or run: kosmo "
                                "integrations:configure agora --set api_key=VALUE");

  KosmoRun cloud = Lua(kQuery);
  EXPECT_EQ(cloud.exit_code(), 0) << cloud.Describe();

  SetEnv("KOSMO_AGORA_APP_ID", "");
  KosmoRun no_app = Lua(kQuery);
  EXPECT_EQ(no_app.exit_code(), 5) << no_app.Describe();
  EXPECT_EQ(no_app.error(), std::string(kMissing) +
                                "app_id. Set KOSMO_AGORA_APP_ID, or run: kosmo "
                                "integrations:configure agora --set app_id=VALUE");
  KosmoRun ips = Lua("return app.integrations.agora.get_notification_ips()");
  EXPECT_EQ(ips.exit_code(), 0) << "no app id needed: " << ips.Describe();
  EXPECT_EQ(server().request_count(), 2u);
}

TEST_F(AgoraCredentialsTest, CloudStartWithoutCustomerCredentialsSendsNothing) {
  SetEnv("KOSMO_AGORA_CUSTOMER_ID", "");
  SetEnv("KOSMO_AGORA_CUSTOMER_SECRET", "");
  KosmoRun run = Lua(R"(return app.integrations.agora.start_recording({
      cname = "c", uid = "1", mode = "mix"}))",
                     {"--force"});
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error(), std::string(kMissing) +
                             "customer_id, customer_secret. Set KOSMO_AGORA_CUSTOMER_ID and "
                             "KOSMO_AGORA_CUSTOMER_SECRET, or run: kosmo integrations:configure "
                             "agora --set customer_id=VALUE --set customer_secret=VALUE");
  KosmoRun legacy = Lua(
      R"(return app.integrations.agora.start_recording({cname = "c", uid = "1"}))", {"--force"});
  EXPECT_EQ(legacy.exit_code(), 0) << "the legacy start needs only api_key: " << legacy.Describe();
  EXPECT_EQ(server().request_count(), 1u);
}

TEST_F(AgoraCredentialsTest, NothingConfiguredIsNotConfigured) {
  UnsetIntegrationEnv("AGORA");
  KosmoRun run = Lua("return app.integrations.agora.get_current_user()");
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "not_configured");
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(AgoraErrorsTest, ErrorMessagesComeFromEitherGenerationsFields) {
  server().inject(faults::Status(404, R"({"code": 404, "reason": "failed to find worker"})"),
                  CloudPath("/resourceid/RID-1/sid/sid-1/mode/mix/query"));
  KosmoRun cloud = Lua(R"(
    local ok, err = pcall(function()
      return app.integrations.agora.query_recording({
        resource_id = "RID-1", sid = "sid-1", mode = "mix"})
    end)
    local info = app.last_error()
    return tostring(err), info.code, info.status, info["function"])");
  ASSERT_EQ(cloud.exit_code(), 0) << cloud.Describe();
  EXPECT_TRUE(SameJson(R"(["Agora API error (404): failed to find worker", "http_error", 404,
                           "agora_query_recording"])",
                       cloud.envelope["result"]));

  server().inject(faults::Status(404, R"({"error_msg": "project not exist"})"),
                  "/agora/projects/nope");
  KosmoRun console = Lua(R"(return app.integrations.agora.get_project({project_id = "nope"}))");
  EXPECT_EQ(console.exit_code(), 1) << console.Describe();
  EXPECT_EQ(console.error(), "Agora API error (404): project not exist");

  server().inject(faults::VendorError(403, "Invalid key"), "/agora/users/me");
  KosmoRun legacy = Lua("return app.integrations.agora.get_current_user()");
  EXPECT_EQ(legacy.exit_code(), 1) << legacy.Describe();
  EXPECT_EQ(legacy.error_code(), "http_error");
  EXPECT_EQ(legacy.error(), "Agora API error (403): Invalid key");
  EXPECT_TRUE(CallMatches(
      legacy, 0,
      {"integrations.agora.get_current_user", "agora_get_current_user", "read", "error", 403}));
  ExpectNoSecrets(legacy, all_secrets());
}

TEST_F(AgoraErrorsTest, AnHtmlPageIsAnUnavailableEndpoint) {
  server().inject(faults::HtmlPage(404), "/agora/projects");
  KosmoRun run = Lua("return app.integrations.agora.list_projects()");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(),
            "Agora API endpoint not available (HTTP 404). The /projects endpoint may be "
            "incorrect.");
}

TEST_F(AgoraErrorsTest, ARefusedConnectionIsAConnectionError) {
  SetEnv("KOSMO_AGORA_URL",
         "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/agora");
  KosmoRun run = Lua(R"(return app.integrations.agora.stop_recording({resource_id = "r",
      sid = "s", mode = "mix", cname = "c", uid = "1"}))",
                     {"--force"});  // a write: not retried, so no backoff
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "http_error");
  EXPECT_EQ(run.error().rfind("Failed to connect to Agora API: ", 0), 0u) << run.error();
  ExpectNoSecrets(run, all_secrets());
}

}  // namespace
}  // namespace kosmo::e2e
