// End to end: Wildix configuration and failures — PBX host normalisation of `url`, missing
// credentials (exit 5), the PBX's error bodies (the seed functions' too), HTML pages, refused
// connections and the write policy.
#include <gtest/gtest.h>

#include "e2e/integrations_wildix_agora_fixture.h"
#include "fakes/http_test_server.h"

namespace kosmo::e2e {
namespace {

namespace faults = fakes::faults;

using WildixConfigTest = WildixTest;
using WildixErrorsTest = WildixTest;

constexpr const char kHold[] =
    R"(return app.integrations.wildix.call_control_hold({sip_call_id = "sip-1"}))";

// A bare host name gets .wildixin.com and https://; a full URL is kept (trailing / trimmed).
TEST_F(WildixConfigTest, ThePbxHostNameIsNormalisedAsTheDryRunShows) {
  const struct {
    const char* configured;
    const char* base;
  } cases[] = {
      {"example", "https://example.wildixin.com"},
      {"example.wildixin.com", "https://example.wildixin.com"},
      {" https://pbx.corp.example/ ", "https://pbx.corp.example"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.configured);
    SetEnv("KOSMO_WILDIX_URL", c.configured);
    KosmoRun run = Lua(kHold, {"--dry-run"});
    ASSERT_EQ(run.exit_code(), 0) << run.Describe();
    ASSERT_NE(run.result(), nullptr);
    EXPECT_TRUE(SameJson(R"({"dry_run": true, "function": "wildix_call_control_hold",
                             "request": {"method": "POST",
                                         "url": ")" +
                             std::string(c.base) +
                             R"(/api/v2/call-control/hold", "query": {},
                                         "body": {"sipCallId": "sip-1"}}})",
                         *run.result()));
    EXPECT_TRUE(CallMatches(run, 0,
                            {"integrations.wildix.call_control_hold", "wildix_call_control_hold",
                             "write", "dry_run", 0, 0}));
    ExpectNoSecrets(run, all_secrets());
  }
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(WildixConfigTest, PbxOperationsNeedTheUrlAndEverythingNeedsTheToken) {
  SetEnv("KOSMO_WILDIX_URL", "");
  KosmoRun no_url = Lua("return app.integrations.wildix.get_personal_info({})");
  EXPECT_EQ(no_url.exit_code(), 5) << no_url.Describe();
  EXPECT_EQ(no_url.error_code(), "not_configured");
  EXPECT_EQ(no_url.error(),
            "Integration 'wildix' is missing required credentials for account 'default': url. "
            "Set KOSMO_WILDIX_URL, or run: kosmo integrations:configure wildix --set url=VALUE");

  SetEnv("KOSMO_WILDIX_URL", base_url());
  SetEnv("KOSMO_WILDIX_ACCESS_TOKEN", "");
  KosmoRun no_token = Lua("return app.integrations.wildix.list_calls({})");
  EXPECT_EQ(no_token.exit_code(), 5) << no_token.Describe();
  EXPECT_EQ(no_token.error(),
            "Integration 'wildix' is missing required credentials for account 'default': "
            "access_token. Set KOSMO_WILDIX_ACCESS_TOKEN, or run: kosmo "
            "integrations:configure wildix --set access_token=VALUE");

  UnsetIntegrationEnv("WILDIX");
  KosmoRun nothing = Lua("return app.integrations.wildix.get_current_user()");
  EXPECT_EQ(nothing.exit_code(), 5) << nothing.Describe();
  EXPECT_EQ(nothing.error_code(), "not_configured");
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(WildixConfigTest, WritesNeedForce) {
  KosmoRun run = Lua(kHold);
  EXPECT_EQ(run.exit_code(), 4) << run.Describe();
  EXPECT_EQ(run.error_code(), "permission_denied");
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(WildixErrorsTest, PbxErrorsReportTheReasonAndCarryTheStatus) {
  server().inject(faults::Status(404, R"({"type": "error", "reason": "Colleague not found",
                              "message": "Not found"})"),
                  "/wildix/api/v1/Colleagues/nobody");
  KosmoRun run = Lua(R"(
    local ok, err = pcall(function()
      return app.integrations.wildix.get_colleague_by_id({id = "nobody"})
    end)
    assert(not ok)
    local info = app.last_error()
    return tostring(err), info.code, info.status, info.retryable, info["function"])");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"(["Wildix API error (404): Colleague not found", "http_error", 404,
                           false, "wildix_get_colleague_by_id"])",
                       run.envelope["result"]));

  // A seed function's failure is the PBX request's, logged under the seed function's name.
  server().inject(faults::Status(403, R"({"type": "error", "reason": "Token expired",
                              "code": 403})"),
                  "/wildix/api/v1/CallHistory/");
  KosmoRun seed = Lua("return app.integrations.wildix.list_calls()");
  EXPECT_EQ(seed.exit_code(), 1) << seed.Describe();
  EXPECT_EQ(seed.error_code(), "http_error");
  EXPECT_EQ(seed.error(), "Wildix API error (403): Token expired");
  EXPECT_TRUE(CallMatches(
      seed, 0, {"integrations.wildix.list_calls", "wildix_list_calls", "read", "error", 403}));
  ExpectNoSecrets(seed, all_secrets());
}

TEST_F(WildixErrorsTest, AnHtmlPageIsAnUnavailableEndpoint) {
  server().inject(faults::HtmlPage(404), "/wildix/api/v1/PBX/Colleagues");
  KosmoRun run = Lua("return app.integrations.wildix.list_users()");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(),
            "Wildix API endpoint not available (HTTP 404). The /api/v1/PBX/Colleagues endpoint "
            "may be incorrect or the service is unavailable.");
}

TEST_F(WildixErrorsTest, ARefusedConnectionIsAConnectionError) {
  SetEnv("KOSMO_WILDIX_URL",
         "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/wildix");
  KosmoRun run = Lua(kHold, {"--force"});  // a write: not retried, so no backoff
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "http_error");
  EXPECT_EQ(run.error().rfind("Failed to connect to Wildix API: ", 0), 0u) << run.error();
  ExpectNoSecrets(run, all_secrets());
}

TEST_F(WildixErrorsTest, ATextAnswerToAReadIsReturnedAsBody) {
  server().inject(faults::Status(200, "pong", "text/plain"), "/wildix/api/v1/network/pbxes");
  KosmoRun run = Lua("return app.integrations.wildix.get_pbxes()");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson(R"({"body": "pong"})", *run.result()));
}

}  // namespace
}  // namespace kosmo::e2e
