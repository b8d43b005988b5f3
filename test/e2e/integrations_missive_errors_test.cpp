// End to end, how Missive failures reach a script (not configured, JSON and HTML error answers,
// refused connections) and the call surface around the functions: argument checks, names,
// accounts, write permission and dry runs.
#include <gtest/gtest.h>
#include <httplib.h>

#include "e2e/integrations_missive_fixture.h"
#include "fakes/http_test_server.h"

namespace kosmo::e2e {
namespace {

namespace faults = fakes::faults;

class MissiveErrorsTest : public MissiveTest {};

// --- errors

TEST_F(MissiveErrorsTest, NotConfiguredExitsFiveWithoutARequest) {
  SetEnv("KOSMO_MISSIVE_ACCESS_TOKEN", "");
  KosmoRun run = Missive("list_teams({})");
  EXPECT_EQ(run.exit_code(), 5) << run.Describe();
  EXPECT_EQ(run.error_code(), "not_configured");
  EXPECT_EQ(run.error(),
            "Integration 'missive' is missing required credentials for account 'default': "
            "access_token. Set KOSMO_MISSIVE_ACCESS_TOKEN, or run: kosmo "
            "integrations:configure missive --set access_token=VALUE");
  UnsetIntegrationEnv("MISSIVE");
  KosmoRun nothing = Missive("api_get({path = \"/teams\"})");
  EXPECT_EQ(nothing.exit_code(), 5) << nothing.Describe();
  EXPECT_EQ(nothing.error_code(), "not_configured");
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(MissiveErrorsTest, JsonErrorsUseTheErrorThenMessageFieldThenTheBody) {
  KosmoRun not_found = Missive(R"(get_contact({contact_id = "deleted-1"}))");
  EXPECT_EQ(not_found.exit_code(), 1) << not_found.Describe();
  EXPECT_EQ(not_found.error_code(), "http_error");
  EXPECT_EQ(not_found.error(), "Missive API error (404): Contact not found");
  EXPECT_TRUE(CallMatches(
      not_found, 0,
      {"integrations.missive.get_contact", "missive_get_contact", "read", "error", 404, 1}));

  const std::string teams = MissivePath("/teams");
  server().inject(faults::Status(422, R"({"message": "Validation failed: name"})"), teams);
  server().inject(faults::Status(400, R"({"error": {"code": 7}})"), teams);
  server().inject(faults::Status(409, "conflict, try later", "text/plain"), teams);
  EXPECT_EQ(Missive("list_teams({})").error(), "Missive API error (422): Validation failed: name");
  EXPECT_EQ(Missive("list_teams({})").error(), R"(Missive API error (400): {"code":7})");
  EXPECT_EQ(Missive("list_teams({})").error(), "Missive API error (409): conflict, try later");
  // Missive's empty 404 for an analytics report that is not ready yet.
  EXPECT_EQ(Missive(R"(get_analytics_report({report_id = "pending-1"}))").error(),
            "Missive API error (404): ");
}

TEST_F(MissiveErrorsTest, CaughtErrorsCarryStatusCodeAndFunction) {
  KosmoRun run = Lua(R"(
    local ok, err = pcall(function()
      return app.integrations.missive.get_contact({contact_id = "deleted-2"})
    end)
    local info = app.last_error()
    return ok, tostring(err), info.code, info.status, info["function"], info.retryable)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"([false, "Missive API error (404): Contact not found", "http_error",
                           404, "missive_get_contact", false])",
                       run.envelope["result"]))
      << run.Describe();
}

TEST_F(MissiveErrorsTest, HtmlErrorPagesSayTheEndpointIsNotAvailable) {
  server().inject(faults::HtmlPage(404), MissivePath("/conversations"));
  KosmoRun get = Missive(R"(list_conversations({inbox = "true"}))");
  EXPECT_EQ(get.exit_code(), 1) << get.Describe();
  EXPECT_EQ(get.error_code(), "http_error");
  EXPECT_EQ(get.error(), "Missive API endpoint not available (HTTP 404). Check the API URL.");

  server().inject(faults::HtmlPage(502), MissivePath("/hooks"));
  KosmoRun post =
      Missive(R"(create_hook({body = {hooks = {type = "new_comment", url = "https://x.test"}}}))",
              {"--force"});
  EXPECT_EQ(post.exit_code(), 1) << post.Describe();
  EXPECT_EQ(post.error(), "Missive API endpoint not available (HTTP 502). Check the API URL.");
  EXPECT_EQ(server().request_count(), 2u);  // a POST is not repeated after a 502
}

TEST_F(MissiveErrorsTest, ClosedPortIsAConnectionError) {
  SetEnv("KOSMO_MISSIVE_URL",
         "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/missive/v1");
  KosmoRun run =
      Missive(R"(api_post({path = "/hooks", body = {hooks = {type = "x"}}}))", {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "http_error");
  EXPECT_EQ(run.error().rfind("Failed to connect to Missive API: ", 0), 0u) << run.error();
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.missive.api_post", "missive_api_post", "write", "error", 0, 1}));
  EXPECT_EQ(server().request_count(), 0u);
  ExpectNoSecrets(run, AllSecrets());
}

// The fake itself behaves like Missive without a token, so a missing header would show.
TEST_F(MissiveErrorsTest, FakeAnswers401WithoutABearerToken) {
  httplib::Client client("127.0.0.1", server().port());
  auto response = client.Get("/missive/v1/conversations?inbox=true");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_EQ(response->body, R"({"error":"Unauthorized"})");
}

// --- arguments, names, accounts, policy

TEST_F(MissiveErrorsTest, InvalidArgumentsAreRejectedBeforeAnyRequest) {
  const struct {
    const char* call;
    const char* problem;
  } cases[] = {
      {R"(list_conversations({all = "true"}))", "(wrong type: all (expected boolean))"},
      {R"(list_conversations({limit = 100}))", "(invalid: limit (out of range))"},
      {R"(list_tasks({limit = 1}))", "(invalid: limit (out of range))"},
      {"get_task({})", "(missing: task_id)"},
      {R"(list_tasks({state = "pending"}))",
       "(invalid: state (one of todo|in_progress|closed|completed|open))"},
      {R"(list_tasks({limit = "ten"}))", "(wrong type: limit (expected integer))"},
      {R"(update_contacts({contact_ids = {"a", "b"}, body = {}}))",
       "(wrong type: contact_ids (expected string))"},
  };
  for (const auto& c : cases) {
    KosmoRun run = Missive(c.call, {"--force"});
    EXPECT_EQ(run.exit_code(), 1) << run.Describe();
    EXPECT_NE(run.error().find(c.problem), std::string::npos) << run.error();
    EXPECT_NE(run.error().find("No external call was made."), std::string::npos) << run.error();
  }
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(MissiveErrorsTest, SlugDefaultBracketAndPositionalFormsReachTheSameEndpoint) {
  KosmoRun run = Lua(R"(
    local a = app.integrations.missive.missive_get_task({task_id = "t1"})
    local b = app.integrations.missive.default.get_task({task_id = "t1"})
    local c = app.integrations["missive"].get_task({task_id = "t1"})
    local d = app.integrations.missive.get_task("t1")
    return a.tasks.id, b.tasks.id, c.tasks.id, d.tasks.id)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"(["t1", "t1", "t1", "t1"])", run.envelope["result"]));
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& request : requests) EXPECT_EQ(request.path, MissivePath("/tasks/t1"));
  EXPECT_TRUE(CallMatches(run, 0, {"integrations.missive.missive_get_task", "missive_get_task"}));
}

TEST_F(MissiveErrorsTest, NamedAccountUsesOnlyItsOwnTokenAndUrl) {
  fakes::FakeVendorServer work_server;
  const std::string work_token = UniqueSecret("missive-work-token-");
  SetEnv("KOSMO_MISSIVE__WORK__ACCESS_TOKEN", work_token);
  SetEnv("KOSMO_MISSIVE__WORK__URL", work_server.origin() + "/missive/v1");
  KosmoRun run = Lua(R"(
    local work = app.integrations.missive.work.list_teams({params = {limit = 1}})
    local mine = app.integrations.missive.list_shared_labels({})
    return work.teams[1].name, mine.shared_labels[1].name)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"(["Billing", "VIP"])", run.envelope["result"]));
  ASSERT_EQ(work_server.request_count(), 1u);
  EXPECT_EQ(work_server.requests()[0].path, MissivePath("/teams"));
  EXPECT_EQ(work_server.requests()[0].header("authorization"), "Bearer " + work_token);
  const fakes::RecordedRequest mine = OnlyRequest();
  EXPECT_EQ(mine.path, MissivePath("/shared_labels"));
  EXPECT_EQ(mine.header("authorization"), "Bearer " + token_);
  EXPECT_TRUE(CallMatches(run, 0,
                          {"integrations.missive.work.list_teams", "missive_list_teams", "read",
                           "ok", 200, 1, "work"}));
  std::vector<std::string> all = AllSecrets();
  all.push_back(work_token);
  ExpectNoSecrets(run, all);
}

TEST_F(MissiveErrorsTest, WritesNeedForceAndDryRunOnlyDescribesThem) {
  const std::string create = R"(create_task({title = "Call back", description = "re: quote"}))";
  KosmoRun refused = Missive(create);
  EXPECT_EQ(refused.exit_code(), 4) << refused.Describe();
  EXPECT_EQ(refused.error(),
            "Integration 'missive' write access requires approval. Re-run with --force or set "
            "integrations.missive.permissions.write: allow.");

  KosmoRun dry = Missive(create, {"--dry-run"});
  ASSERT_EQ(dry.exit_code(), 0) << dry.Describe();
  ASSERT_NE(dry.result(), nullptr);
  EXPECT_TRUE(SameJson(R"({"dry_run": true, "function": "missive_create_task",
                           "request": {"method": "POST", "url": ")" +
                           BaseUrl() + R"(/tasks", "query": {},
                                       "body": {"tasks": {"title": "Call back",
                                                          "description": "re: quote"}}}})",
                       *dry.result()))
      << dry.Describe();
  EXPECT_EQ(server().request_count(), 0u);
  ExpectNoSecrets(dry, AllSecrets());
}

}  // namespace
}  // namespace kosmo::e2e
