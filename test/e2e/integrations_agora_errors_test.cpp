// End to end: Agora credentials (exit 5 naming what is missing: the customer ID and secret for
// every function, the App ID for Cloud Recording) and failures — Cloud Recording's
// {code, reason}, the Console's {error_msg} and {message}, HTML pages and refused connections.
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

TEST_F(AgoraCredentialsTest, OnlyCloudRecordingNeedsTheAppId) {
  SetEnv("KOSMO_AGORA_APP_ID", "");
  KosmoRun projects = Lua("return app.integrations.agora.list_projects()");
  EXPECT_EQ(projects.exit_code(), 0) << "the Console API needs no app id: " << projects.Describe();

  KosmoRun no_app = Lua(kQuery);
  EXPECT_EQ(no_app.exit_code(), 5) << no_app.Describe();
  EXPECT_EQ(no_app.error_code(), "not_configured");
  EXPECT_EQ(no_app.error(), std::string(kMissing) +
                                "app_id. Set KOSMO_AGORA_APP_ID, or run: kosmo "
                                "integrations:configure agora --set app_id=VALUE");
  KosmoRun ips = Lua("return app.integrations.agora.get_notification_ips()");
  EXPECT_EQ(ips.exit_code(), 0) << "no app id needed: " << ips.Describe();
  EXPECT_EQ(server().request_count(), 2u);
}

// The seed's functions used a Bearer api_key Agora does not accept; every function now needs
// the RESTful customer credentials, and says so before sending anything.
TEST_F(AgoraCredentialsTest, WithoutCustomerCredentialsNothingIsSent) {
  SetEnv("KOSMO_AGORA_CUSTOMER_ID", "");
  SetEnv("KOSMO_AGORA_CUSTOMER_SECRET", "");
  SetEnv("KOSMO_AGORA_API_KEY", "agora-legacy-key");
  for (const char* call : {"list_projects()", "start_recording({cname = \"c\", uid = \"1\"})"}) {
    KosmoRun run = Lua(std::string("return app.integrations.agora.") + call, {"--force"});
    EXPECT_EQ(run.exit_code(), 5) << run.Describe();
    EXPECT_EQ(run.error_code(), "not_configured");
    EXPECT_EQ(run.error(), std::string(kMissing) +
                               "customer_id, customer_secret. Set KOSMO_AGORA_CUSTOMER_ID and "
                               "KOSMO_AGORA_CUSTOMER_SECRET, or run: kosmo integrations:configure "
                               "agora --set customer_id=VALUE --set customer_secret=VALUE");
  }
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(AgoraCredentialsTest, NothingConfiguredIsNotConfigured) {
  UnsetIntegrationEnv("AGORA");
  KosmoRun run = Lua("return app.integrations.agora.list_projects()");
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "not_configured");
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(AgoraErrorsTest, ErrorMessagesComeFromEitherApisFields) {
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

  // The fake answers an unknown project as Agora's Console does: 404 {"error_msg"}.
  KosmoRun console = Lua(R"(return app.integrations.agora.get_project({project_id = "nope"}))");
  EXPECT_EQ(console.exit_code(), 1) << console.Describe();
  EXPECT_EQ(console.error(), "Agora API error (404): project not exist");

  server().inject(faults::Status(401, R"({"message": "Invalid authentication credentials"})"),
                  "/agora/dev/v1/projects");
  KosmoRun denied = Lua("return app.integrations.agora.list_projects()");
  EXPECT_EQ(denied.exit_code(), 1) << denied.Describe();
  EXPECT_EQ(denied.error_code(), "http_error");
  EXPECT_EQ(denied.error(), "Agora API error (401): Invalid authentication credentials");
  EXPECT_TRUE(CallMatches(
      denied, 0,
      {"integrations.agora.list_projects", "agora_list_projects", "read", "error", 401}));
  ExpectNoSecrets(denied, all_secrets());
}

TEST_F(AgoraErrorsTest, AnHtmlPageIsAnUnavailableEndpoint) {
  server().inject(faults::HtmlPage(404), "/agora/dev/v1/projects");
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
