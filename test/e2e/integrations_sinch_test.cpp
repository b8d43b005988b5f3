// End to end: every Sinch function through the built binary against the fake Sinch API — the
// exact request it sends and the value Lua sees — plus names, accounts, permissions, dry runs.
#include <gtest/gtest.h>

#include "e2e/integration_harness.h"
#include "lib/http/base64.h"

namespace kosmo::e2e {
namespace {

// One function call and the request it must produce.
struct SinchCase {
  std::string label;  // the test name
  std::string name;   // the short name
  std::string args;   // the Lua argument table
  std::string method;
  std::string tail;       // path after the service plan (the Numbers API: after the project)
  std::string query;      // raw, in manifest parameter order
  std::string body = {};  // expected JSON body; "" = none
  std::string operation = "read";
  int http_status = 200;
  bool numbers_api = false;  // Basic auth with the access key instead of the SMS token
};

const SinchCase kSinchCases[] = {
    {"list_messages_inbound", "list_messages",
     R"({direction = "mo", to = "+15551230000", start_date = "2024-01-01T00:00:00Z",
         end_date = "2024-12-31T23:59:59Z", page = 2, page_size = 50})",
     "GET", "/inbounds",
     "to=%2B15551230000&start_date=2024-01-01T00%3A00%3A00Z&end_date=2024-12-31T23%3A59%3A59Z"
     "&page=2&page_size=50"},
    {"list_messages_outbound", "list_messages",
     R"({direction = "mt", from = "+15559870000", start_date = "2024-01-01T00:00:00Z",
         page = 1, page_size = 30})",
     "GET", "/batches",
     "page=1&page_size=30&from=%2B15559870000&start_date=2024-01-01T00%3A00%3A00Z"},
    {"send_sms", "send_sms",
     R"({from = "+15557654321", to = {"+15551231234", "+15551256344"}, body = "Hello ✓",
         delivery_report = "full", expire_at = "2024-12-27T09:00:00Z",
         send_at = "2024-12-24T09:00:00Z"})",
     "POST", "/batches", "",
     R"({"from": "+15557654321", "to": ["+15551231234", "+15551256344"], "body": "Hello ✓",
         "delivery_report": "full", "expire_at": "2024-12-27T09:00:00Z",
         "send_at": "2024-12-24T09:00:00Z"})",
     "write", 201},
    {"list_phone_numbers", "list_phone_numbers", "{page = 0, page_size = 10}", "GET",
     "/activeNumbers", "pageSize=10", "", "read", 200, true},
    {"get_phone_number", "get_phone_number", R"({phone_number = "+12025550134"})", "GET",
     "/activeNumbers/%2B12025550134", "", "", "read", 200, true},
    {"list_groups", "list_groups", "{page = 1, page_size = 5}", "GET", "/groups",
     "page=1&page_size=5"},
    {"get_group", "get_group", R"({group_id = "01FC66621VHDBN119Z8PMV1QPQ"})", "GET",
     "/groups/01FC66621VHDBN119Z8PMV1QPQ", ""},
    {"list_batches", "list_batches",
     R"({page = 3, page_size = 100, from = "Kosmo", end_date = "2024-12-31",
         client_reference = "ref 1"})",
     "GET", "/batches",
     "page=3&page_size=100&from=Kosmo&end_date=2024-12-31&client_reference=ref%201"},
};

class SinchFunctionTest : public IntegrationTest,
                          public ::testing::WithParamInterface<SinchCase> {};

TEST_P(SinchFunctionTest, SendsTheDocumentedRequestAndReturnsTheDecodedBody) {
  const SinchCase& c = GetParam();
  const std::vector<std::string> flags =
      c.operation == "write" ? std::vector<std::string>{"--force"} : std::vector<std::string>{};
  KosmoRun run = Lua("return app.integrations.sinch." + c.name + "(" + c.args + ")", flags);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();

  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, c.method);
  EXPECT_EQ(request.path, c.numbers_api ? SinchNumbersPath(c.tail) : SinchPath(c.tail));
  EXPECT_EQ(request.query, c.query);
  const std::string expected_authorization =
      c.numbers_api ? "Basic " + http::base64_encode(std::string(kSinchKeyId) + ":" +
                                                     secrets().sinch_key_secret)
                    : "Bearer " + secrets().sinch_token;
  EXPECT_EQ(request.header("authorization"), expected_authorization);
  EXPECT_EQ(request.header("accept"), "application/json");
  EXPECT_EQ(request.header("user-agent").rfind("kosmo/", 0), 0u) << request.header("user-agent");
  EXPECT_FALSE(request.has_header("x-api-key"));
  if (c.body.empty()) {
    EXPECT_EQ(request.body, "");
  } else {
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_TRUE(SameJson(c.body, ParseJson(request.body)));
  }
  EXPECT_EQ(request.response_status, c.http_status);
  ASSERT_NE(run.result(), nullptr) << run.Describe();
  EXPECT_TRUE(SameJson(request.response_body, *run.result()));
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.sinch." + c.name, "sinch_" + c.name, c.operation, "ok", c.http_status}));
  EXPECT_EQ(run.meta("permission_bypassed"), c.operation == "write");
  ExpectNoSecrets(run, secrets().all());
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, SinchFunctionTest, ::testing::ValuesIn(kSinchCases),
                         [](const auto& info) { return info.param.label; });

using SinchTest = IntegrationTest;

TEST_F(SinchTest, SlugDefaultAccountAndBracketFormsReachTheSameEndpoint) {
  KosmoRun run = Lua(R"(
    local a = app.integrations.sinch.sinch_get_group({group_id = "g1"})
    local b = app.integrations.sinch.default.get_group({group_id = "g1"})
    local c = app.integrations["sinch"].get_group({group_id = "g1"})
    local d = app.integrations.sinch.get_group("g1")
    return a.id, b.id, c.id, d.id)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"(["g1", "g1", "g1", "g1"])", run.envelope["result"]));
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& request : requests) EXPECT_EQ(request.path, SinchPath("/groups/g1"));
  EXPECT_TRUE(CallMatches(run, 0, {"integrations.sinch.sinch_get_group", "sinch_get_group"}));
  EXPECT_TRUE(CallMatches(run, 1, {"integrations.sinch.default.get_group", "sinch_get_group"}));
}

TEST_F(SinchTest, PathParametersArePercentEncodedAndAScalarToBecomesAList) {
  KosmoRun run = Lua(R"(
    app.integrations.sinch.get_group({group_id = "grp 1/+ä"})
    return app.integrations.sinch.send_sms({from = "Kosmo", to = "+15551231234", body = "x"}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, SinchPath("/groups/grp%201%2F%2B%C3%A4"));
  EXPECT_TRUE(SameJson(R"({"from": "Kosmo", "to": ["+15551231234"], "body": "x"})",
                       ParseJson(requests[1].body)));
}

TEST_F(SinchTest, NamedAccountFromEnvironmentUsesOnlyItsOwnCredentials) {
  SetEnv("KOSMO_SINCH__WORK__SERVICE_PLAN_ID", "plan-work");
  SetEnv("KOSMO_SINCH__WORK__API_TOKEN", secrets().sinch_work_token);
  SetEnv("KOSMO_SINCH__WORK__BASE_URL", server().sinch_base_url());
  KosmoRun run = Lua("return app.integrations.sinch.work.list_groups({page = 0})");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.path, "/xms/v1/plan-work/groups");
  EXPECT_EQ(request.header("authorization"), "Bearer " + secrets().sinch_work_token);
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.sinch.work.list_groups", "sinch_list_groups", "read", "ok", 200, 1, "work"}));
  ExpectNoSecrets(run, secrets().all());
}

TEST_F(SinchTest, NamedAccountFromConfigFileExpandsEnvironmentReferences) {
  SetEnv("WORK_SINCH_TOKEN", secrets().sinch_work_token);
  WriteConfig(
      "integrations:\n"
      "  sinch:\n"
      "    enabled: true\n"
      "    accounts:\n"
      "      work:\n"
      "        service_plan_id: plan-yaml\n"
      "        api_token: \"${WORK_SINCH_TOKEN}\"\n"
      "        base_url: \"" +
      server().sinch_base_url() + "\"\n");
  KosmoRun run = Lua(R"(
    local work = app.integrations.sinch.work.get_group({group_id = "g-work"})
    local mine = app.integrations.sinch.get_group({group_id = "g-default"})
    return work.id, mine.id)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, "/xms/v1/plan-yaml/groups/g-work");
  EXPECT_EQ(requests[0].header("authorization"), "Bearer " + secrets().sinch_work_token);
  EXPECT_EQ(requests[1].path, SinchPath("/groups/g-default"));
  EXPECT_EQ(requests[1].header("authorization"), "Bearer " + secrets().sinch_token);
  ExpectNoSecrets(run, secrets().all());
}

TEST_F(SinchTest, AnAccountWithoutCredentialsIsNotConfigured) {
  KosmoRun run = Lua("return app.integrations.sinch.nosuch.list_groups()");
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "not_configured");
  EXPECT_NE(run.error().find("account 'nosuch'"), std::string::npos) << run.error();
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(SinchTest, WritesAreRefusedWithoutForceAndNothingIsSent) {
  KosmoRun run = Lua(R"(return app.integrations.sinch.send_sms({from = "+1555", to = {"+1666"},
                                                             body = "hi"}))");
  EXPECT_EQ(run.exit_code(), 4) << run.Describe();
  EXPECT_EQ(run.error_code(), "permission_denied");
  EXPECT_EQ(run.error(),
            "Integration 'sinch' write access requires approval. Re-run with --force or set "
            "integrations.sinch.permissions.write: allow.");
  EXPECT_EQ(server().request_count(), 0u);
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.sinch.send_sms", "sinch_send_sms", "write", "error", 0, 0}));
  EXPECT_FALSE(run.meta("permission_bypassed"));
}

TEST_F(SinchTest, ConfigPolicyAllowsWritesAndDenyIsBypassedOnlyByForce) {
  WriteConfig("integrations:\n  sinch:\n    permissions: { read: allow, write: allow }\n");
  const std::string send =
      R"(return app.integrations.sinch.send_sms({from = "+1555", to = {"+1666"}, body = "hi"}))";
  KosmoRun allowed = Lua(send);
  EXPECT_EQ(allowed.exit_code(), 0) << allowed.Describe();
  EXPECT_FALSE(allowed.meta("permission_bypassed"));
  EXPECT_EQ(server().request_count(), 1u);

  WriteConfig("integrations:\n  sinch:\n    permissions: { read: deny, write: deny }\n");
  KosmoRun denied = Lua("return app.integrations.sinch.list_groups()");
  EXPECT_EQ(denied.exit_code(), 4) << denied.Describe();
  EXPECT_EQ(denied.error_code(), "permission_denied");
  EXPECT_EQ(server().request_count(), 1u);
  KosmoRun forced = Lua(send, {"--force"});
  EXPECT_EQ(forced.exit_code(), 0) << forced.Describe();
  EXPECT_TRUE(forced.meta("permission_bypassed"));
  EXPECT_EQ(server().request_count(), 2u);
}

TEST_F(SinchTest, DryRunDescribesWritesWithoutSendingThemWhileReadsRun) {
  KosmoRun run = Lua(R"(
    local sent = app.integrations.sinch.send_sms({from = "+1555", to = "+1666", body = "hi"})
    local batches = app.integrations.sinch.list_batches({page = 0})
    return sent, batches.count)",
                     {"--dry-run"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.path, SinchPath("/batches"));
  ASSERT_NE(run.result(0), nullptr);
  EXPECT_TRUE(SameJson(R"({"dry_run": true, "function": "sinch_send_sms",
                           "request": {"method": "POST",
                                       "url": ")" +
                           server().sinch_base_url() + "/" + kPlan + R"(/batches",
                                       "query": {},
                                       "body": {"from": "+1555", "to": ["+1666"],
                                                "body": "hi"}}})",
                       *run.result(0)));
  EXPECT_TRUE(SameJson("1", *run.result(1)));
  EXPECT_TRUE(run.meta("dry_run"));
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.sinch.send_sms", "sinch_send_sms", "write", "dry_run", 0, 0}));
  EXPECT_TRUE(CallMatches(run, 1, {"integrations.sinch.list_batches", "sinch_list_batches"}));
  ExpectNoSecrets(run, secrets().all());
}

TEST_F(SinchTest, InvalidArgumentsAreRejectedBeforeAnyRequest) {
  KosmoRun missing = Lua("return app.integrations.sinch.get_group({})");
  EXPECT_EQ(missing.exit_code(), 1) << missing.Describe();
  EXPECT_EQ(missing.error(),
            "Invalid arguments for app.integrations.sinch.get_group (missing: group_id). "
            "No external call was made.");

  KosmoRun several = Lua(R"(return app.integrations.sinch.list_messages({page = "x", to = 1,
                                                                       colour = "red"}))",
                         {"--force"});
  EXPECT_EQ(several.exit_code(), 1) << several.Describe();
  const std::string error = several.error();
  // A query-only function refuses an argument it does not declare (a JSON-body one sends it on).
  for (const char* part :
       {"Invalid arguments for app.integrations.sinch.list_messages (", "to (expected string)",
        "page (expected integer)", "unknown: colour", "No external call was made."}) {
    EXPECT_NE(error.find(part), std::string::npos) << part << " not in: " << error;
  }
  KosmoRun bad_enum = Lua(R"(return app.integrations.sinch.list_messages({direction = "up"}))");
  EXPECT_EQ(bad_enum.exit_code(), 1) << bad_enum.Describe();
  EXPECT_NE(bad_enum.error().find("No external call was made."), std::string::npos)
      << bad_enum.error();
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(SinchTest, MissingCredentialsAreNotConfigured) {
  SetEnv("KOSMO_SINCH_API_TOKEN", "");
  KosmoRun run = Lua("return app.integrations.sinch.list_groups()");
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "not_configured");
  EXPECT_EQ(run.error(),
            "Integration 'sinch' is missing required credentials for account 'default': "
            "api_token. Set KOSMO_SINCH_API_TOKEN, or run: kosmo integrations:configure sinch "
            "--set api_token=VALUE");

  UnsetIntegrationEnv("SINCH");
  KosmoRun nothing = Lua("return app.integrations.sinch.list_groups()");
  EXPECT_EQ(nothing.exit_code(), 5) << nothing.Describe();
  EXPECT_EQ(nothing.error_code(), "not_configured");
  EXPECT_EQ(server().request_count(), 0u);
}

}  // namespace
}  // namespace kosmo::e2e
