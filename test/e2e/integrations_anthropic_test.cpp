// End to end: every Anthropic function through the built binary against the fake Anthropic API
// — the exact request (key header, version, files beta, admin key) and the value Lua sees.
#include <gtest/gtest.h>

#include "e2e/integration_harness.h"

namespace kosmo::e2e {
namespace {

enum class Key { kWorkspace, kAdmin };

// One function call and the request it must produce.
struct AnthropicCase {
  std::string name;  // the short name, also the test name
  std::string slug;
  std::string args;  // the Lua argument table
  std::string method;
  std::string tail;        // path after /v1
  std::string query = {};  // raw pairs, compared without regard to order
  std::string body = {};   // expected JSON body; "" = none
  std::string operation = "read";
  Key key = Key::kWorkspace;
  bool files_beta = false;
};

constexpr const char kModel[] = "claude-sonnet-4-20250514";
constexpr const char kBatchId[] = "msgbatch_013Zva2CMHLNnXjNJJKqJ2EF";
constexpr const char kFileId[] = "file_011CNha8iCJcU1wXNR6q4V8w";
constexpr const char kUserId[] = "user_01WCz1FkmYMm4gnmykNKUu3Q";

std::string Id(const char* id) { return std::string("{id = \"") + id + "\"}"; }

const AnthropicCase kCases[] = {
    {"create_message", "anthropic_create_message",
     R"({model = "claude-sonnet-4-20250514", max_tokens = 256, system = "Be brief.",
         messages = {{role = "user", content = "Hello, Claude"}}, temperature = 0.5,
         top_p = 0.9, stop_sequences = {"END"}, stream = false})",
     "POST", "/messages", "",
     R"({"model": "claude-sonnet-4-20250514", "max_tokens": 256, "system": "Be brief.",
         "messages": [{"role": "user", "content": "Hello, Claude"}], "temperature": 0.5,
         "top_p": 0.9, "stop_sequences": ["END"], "stream": false})",
     "write"},
    {"count_message_tokens", "anthropic_count_message_tokens",
     R"({payload = {model = "claude-sonnet-4-20250514", system = "Be brief.",
                    messages = {{role = "user", content = "Hello, Claude"}}}})",
     "POST", "/messages/count_tokens", "",
     R"({"model": "claude-sonnet-4-20250514", "system": "Be brief.",
         "messages": [{"role": "user", "content": "Hello, Claude"}]})"},
    {"create_message_batch", "anthropic_create_message_batch",
     R"({payload = {requests = {{custom_id = "example-1",
         params = {model = "claude-sonnet-4-20250514", max_tokens = 128,
                   messages = {{role = "user", content = "Write one sentence about CI."}}}}}}})",
     "POST", "/messages/batches", "",
     R"({"requests": [{"custom_id": "example-1",
         "params": {"model": "claude-sonnet-4-20250514", "max_tokens": 128,
                    "messages": [{"role": "user", "content": "Write one sentence about CI."}]}}]})",
     "write"},
    {"list_message_batches", "anthropic_list_message_batches",
     R"({query = {limit = 20, after_id = "msgbatch_0"}})", "GET", "/messages/batches",
     "limit=20&after_id=msgbatch_0"},
    {"get_message_batch", "anthropic_get_message_batch", Id(kBatchId), "GET",
     std::string("/messages/batches/") + kBatchId},
    {"cancel_message_batch", "anthropic_cancel_message_batch", Id(kBatchId), "POST",
     std::string("/messages/batches/") + kBatchId + "/cancel", "", "", "write"},
    {"delete_message_batch", "anthropic_delete_message_batch", Id(kBatchId), "DELETE",
     std::string("/messages/batches/") + kBatchId, "", "", "write"},
    {"list_models", "anthropic_list_models",
     R"({limit = 5, before_id = "claude-z", after_id = "claude-a"})", "GET", "/models",
     "limit=5&before_id=claude-z&after_id=claude-a"},
    {"get_model", "anthropic_get_model", Id(kModel), "GET", std::string("/models/") + kModel},
    {"list_files", "anthropic_list_files", "{query = {limit = 5}}", "GET", "/files", "limit=5", "",
     "read", Key::kWorkspace, true},
    {"get_file", "anthropic_get_file", Id(kFileId), "GET", std::string("/files/") + kFileId, "", "",
     "read", Key::kWorkspace, true},
    {"delete_file", "anthropic_delete_file", Id(kFileId), "DELETE",
     std::string("/files/") + kFileId, "", "", "write", Key::kWorkspace, true},
    {"get_organization", "anthropic_get_organization", "{}", "GET", "/organizations/me", "", "",
     "read", Key::kAdmin},
    {"list_organization_workspaces", "anthropic_list_workspaces",
     "{limit = 20, include_archived = false, after_id = \"wrkspc_0\"}", "GET",
     "/organizations/workspaces", "limit=20&after_id=wrkspc_0&include_archived=false", "", "read",
     Key::kAdmin},
    {"get_organization_workspace", "anthropic_get_workspace", Id("wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ"),
     "GET", "/organizations/workspaces/wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ", "", "", "read",
     Key::kAdmin},
    {"list_users", "anthropic_list_users", R"({query = {limit = 20, email = "jane@example.com"}})",
     "GET", "/organizations/users", "limit=20&email=jane%40example.com", "", "read", Key::kAdmin},
    {"get_user", "anthropic_get_user", Id(kUserId), "GET",
     std::string("/organizations/users/") + kUserId, "", "", "read", Key::kAdmin},
    {"update_user", "anthropic_update_user",
     std::string("{id = \"") + kUserId + "\", payload = {role = \"developer\"}}", "POST",
     std::string("/organizations/users/") + kUserId, "", R"({"role": "developer"})", "write",
     Key::kAdmin},
    {"remove_user", "anthropic_remove_user", Id(kUserId), "DELETE",
     std::string("/organizations/users/") + kUserId, "", "", "write", Key::kAdmin},
    {"list_api_keys", "anthropic_list_api_keys", R"({query = {limit = 20, status = "active"}})",
     "GET", "/organizations/api_keys", "limit=20&status=active", "", "read", Key::kAdmin},
    {"get_api_key", "anthropic_get_api_key", Id("apikey_01Rj2N8SVvo6BePZj99NhmiT"), "GET",
     "/organizations/api_keys/apikey_01Rj2N8SVvo6BePZj99NhmiT", "", "", "read", Key::kAdmin},
    {"get_organization_alias", "anthropic_get_current_user", "{}", "GET", "/organizations/me", "",
     "", "read", Key::kAdmin},
};

class AnthropicTest : public IntegrationTest {
 protected:
  // The headers every Anthropic request carries, with the key `key` selects.
  void ExpectAnthropicHeaders(const fakes::RecordedRequest& request, Key key, bool files_beta) {
    const std::string& expected_key =
        key == Key::kAdmin ? secrets().anthropic_admin_key : secrets().anthropic_key;
    EXPECT_EQ(request.header("x-api-key"), expected_key);
    EXPECT_EQ(request.header("anthropic-version"), "2023-06-01");
    EXPECT_FALSE(request.has_header("authorization"));
    if (files_beta) {
      EXPECT_EQ(request.header("anthropic-beta"), "files-api-2025-04-14");
    } else {
      EXPECT_FALSE(request.has_header("anthropic-beta"));
    }
  }
};

class AnthropicFunctionTest : public AnthropicTest,
                              public ::testing::WithParamInterface<AnthropicCase> {};

TEST_P(AnthropicFunctionTest, SendsTheDocumentedRequestAndReturnsTheDecodedBody) {
  const AnthropicCase& c = GetParam();
  const std::vector<std::string> flags =
      c.operation == "write" ? std::vector<std::string>{"--force"} : std::vector<std::string>{};
  KosmoRun run = Lua("return app.integrations.anthropic." + c.name + "(" + c.args + ")", flags);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();

  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, c.method);
  EXPECT_EQ(request.path, AnthropicPath(c.tail));
  EXPECT_EQ(QueryPairs(request.query), QueryPairs(c.query)) << request.query;
  ExpectAnthropicHeaders(request, c.key, c.files_beta);
  if (c.body.empty()) {
    EXPECT_EQ(request.body, "");
  } else {
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_TRUE(SameJson(c.body, ParseJson(request.body)));
  }
  EXPECT_EQ(request.response_status, 200);
  ASSERT_NE(run.result(), nullptr) << run.Describe();
  EXPECT_TRUE(SameJson(request.response_body, *run.result()));
  EXPECT_TRUE(CallMatches(run, 0, {"integrations.anthropic." + c.name, c.slug, c.operation}));
  ExpectNoSecrets(run, secrets().all());
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, AnthropicFunctionTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

TEST_F(AnthropicTest, BatchResultsAreReturnedAsRawJsonlText) {
  KosmoRun run = Lua(std::string("return app.integrations.anthropic.get_message_batch_results(") +
                     Id(kBatchId) + ")");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.path, AnthropicPath(std::string("/messages/batches/") + kBatchId + "/results"));
  ExpectAnthropicHeaders(request, Key::kWorkspace, false);
  ASSERT_NE(run.result(), nullptr);
  rapidjson::Document expected(rapidjson::kObjectType);
  auto& allocator = expected.GetAllocator();
  expected.AddMember("content_type", "application/x-jsonl", allocator);
  expected.AddMember("body", rapidjson::Value(request.response_body.c_str(), allocator), allocator);
  EXPECT_TRUE(SameJson(expected, *run.result()));
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.anthropic.get_message_batch_results", "anthropic_get_message_batch_results"}));
}

TEST_F(AnthropicTest, DownloadedBinaryIsBase64AndTextStaysText) {
  KosmoRun run = Lua(R"(
    local png = app.integrations.anthropic.download_file({id = "file_011downloadable"})
    local csv = app.integrations.anthropic.download_file({id = "file_text_report"})
    return png, csv)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].path, AnthropicPath("/files/file_011downloadable/content"));
  ExpectAnthropicHeaders(requests[0], Key::kWorkspace, true);
  ASSERT_NE(run.result(1), nullptr);
  EXPECT_TRUE(SameJson(R"({"content_type": "image/png", "body": "iVBORw0KGgoAAAANSUhEUv/+",
                           "encoding": "base64"})",
                       *run.result(0)));
  EXPECT_TRUE(SameJson(R"({"content_type": "text/plain; charset=utf-8",
                           "body": "name,score\nalice,3\n"})",
                       *run.result(1)));
}

TEST_F(AnthropicTest, CreateMessageSendsDefaultMaxTokens) {
  KosmoRun run = Lua(R"(return app.integrations.anthropic.create_message({
      model = "claude-sonnet-4-20250514", messages = {{role = "user", content = "Hi"}}}))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"({"model": "claude-sonnet-4-20250514", "max_tokens": 4096,
                           "messages": [{"role": "user", "content": "Hi"}]})",
                       ParseJson(OnlyRequest().body)));
}

TEST_F(AnthropicTest, ListMessagesFailsWithTheFixedErrorAndSendsNothing) {
  KosmoRun run = Lua(R"(return app.integrations.anthropic.list_messages({model = "claude-x",
                                                                       limit = 1}))");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(),
            "Anthropic does not provide a message history listing endpoint. Use message batch "
            "tools for batch job history.");
  EXPECT_EQ(run.error_code(), "integration_error");
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.anthropic.list_messages", "anthropic_list_messages", "read", "error", 0, 0}));
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(AnthropicTest, DocumentedAliasesResolve) {
  KosmoRun run = Lua(R"(
    local anthropic = app.integrations["anthropic"]
    local a = anthropic.list_workspaces({limit = 1})
    local b = anthropic.get_workspace({id = "wrkspc_x"})
    local c = anthropic.get_current_user({})
    local d = anthropic.anthropic_get_model({id = "claude-opus-4"})
    return #a.data, b.id, c.type, d.id)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(
      SameJson(R"([1, "wrkspc_x", "organization", "claude-opus-4"])", run.envelope["result"]));
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].path, AnthropicPath("/organizations/workspaces"));
  EXPECT_EQ(requests[1].path, AnthropicPath("/organizations/workspaces/wrkspc_x"));
  EXPECT_EQ(requests[2].path, AnthropicPath("/organizations/me"));
  EXPECT_EQ(requests[2].header("x-api-key"), secrets().anthropic_admin_key);
  EXPECT_EQ(requests[3].path, AnthropicPath("/models/claude-opus-4"));
}

TEST_F(AnthropicTest, AdminFunctionsNeedTheAdminKeyWorkspaceFunctionsDoNot) {
  SetEnv("KOSMO_ANTHROPIC_ADMIN_KEY", "");
  KosmoRun admin = Lua("return app.integrations.anthropic.get_organization({})");
  EXPECT_EQ(admin.exit_code(), 5) << admin.Describe();
  EXPECT_EQ(admin.error_code(), "not_configured");
  EXPECT_NE(admin.error().find("admin_key"), std::string::npos) << admin.error();
  EXPECT_EQ(server().request_count(), 0u);

  KosmoRun workspace = Lua("return app.integrations.anthropic.list_models({})");
  EXPECT_EQ(workspace.exit_code(), 0) << workspace.Describe();
  EXPECT_EQ(server().request_count(), 1u);
}

TEST_F(AnthropicTest, WorkAccountUsesItsOwnKey) {
  SetEnv("KOSMO_ANTHROPIC__WORK__API_KEY", secrets().anthropic_work_key);
  SetEnv("KOSMO_ANTHROPIC__WORK__URL", server().anthropic_base_url());
  KosmoRun run = Lua("return app.integrations.anthropic.work.list_models({limit = 1})");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(OnlyRequest().header("x-api-key"), secrets().anthropic_work_key);
  EXPECT_TRUE(CallMatches(run, 0,
                          {"integrations.anthropic.work.list_models", "anthropic_list_models",
                           "read", "ok", 200, 1, "work"}));
  // The work account has no admin key of its own; the default one must not stand in for it.
  KosmoRun admin = Lua("return app.integrations.anthropic.work.get_organization({})");
  EXPECT_EQ(admin.exit_code(), 5) << admin.Describe();
  EXPECT_EQ(server().request_count(), 1u);
}

TEST_F(AnthropicTest, DryRunDescribesDeleteWithoutSendingIt) {
  KosmoRun run = Lua(std::string("return app.integrations.anthropic.delete_file(") + Id(kFileId) +
                         "), app.integrations.anthropic.get_file(" + Id(kFileId) + ").id",
                     {"--dry-run"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, "GET");
  ASSERT_NE(run.result(1), nullptr);
  EXPECT_TRUE(SameJson(R"({"dry_run": true, "function": "anthropic_delete_file",
                           "request": {"method": "DELETE", "query": {},
                                       "url": ")" +
                           server().anthropic_base_url() + "/files/" + kFileId + R"("}})",
                       *run.result(0)));
  EXPECT_TRUE(SameJson(std::string("\"") + kFileId + "\"", *run.result(1)));
  ExpectNoSecrets(run, secrets().all());
}

TEST_F(AnthropicTest, InvalidArgumentsAreRejectedBeforeAnyRequest) {
  KosmoRun run = Lua(R"(return app.integrations.anthropic.create_message({
      model = 4, messages = {{role = "user", content = "Hi"}}, temperature = 3}))",
                     {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  const std::string error = run.error();
  for (const char* part :
       {"Invalid arguments for app.integrations.anthropic.create_message (", "wrong type: model",
        "invalid: temperature (out of range)", "). No external call was made."}) {
    EXPECT_NE(error.find(part), std::string::npos) << part << " not in: " << error;
  }
  KosmoRun missing = Lua("return app.integrations.anthropic.update_user({id = 'u'})", {"--force"});
  EXPECT_EQ(missing.error(),
            "Invalid arguments for app.integrations.anthropic.update_user (missing: payload). "
            "No external call was made.");
  EXPECT_EQ(server().request_count(), 0u);
}

}  // namespace
}  // namespace kosmo::e2e
