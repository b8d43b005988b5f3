// End to end: every Missive function through the built binary against the fake Missive API — the
// exact request it sends (method, path, query, Authorization, body) and the value Lua sees.
// Error paths, id lists, generic-path safety and accounts are in integrations_missive_*_test.cpp.
#include <gtest/gtest.h>

#include <set>

#include "e2e/integrations_missive_fixture.h"

namespace kosmo::e2e {
namespace {

// One function call and the request it must produce.
struct MissiveCase {
  std::string name;  // the short name, also the test name
  std::string args;  // the Lua argument table
  std::string method;
  std::string tail;       // path after /missive/v1
  std::string query;      // raw; compared as a set of name=value pairs
  std::string body = {};  // expected JSON body; "" = none
  std::string operation = "read";
  int http_status = 200;
};

constexpr const char kConv[] = "7a1e0c52-3f0b-4d7e-9a41-0c2f5b8e6d11";

const MissiveCase kMissiveCases[] = {
    {"list_conversations", R"({state = "open", limit = 25, ["until"] = 1717430400})", "GET",
     "/conversations", "inbox=true&limit=25&until=1717430400"},
    {"get_conversation", R"({id = "7a1e0c52-3f0b-4d7e-9a41-0c2f5b8e6d11"})", "GET",
     std::string("/conversations/") + kConv, ""},
    {"list_conversation_messages",
     R"({conversation_id = "conv-1", params = {limit = 10, ["until"] = 1717430400}})", "GET",
     "/conversations/conv-1/messages", "limit=10&until=1717430400"},
    {"list_conversation_comments", R"({conversation_id = "conv-1"})", "GET",
     "/conversations/conv-1/comments", ""},
    {"list_conversation_drafts", R"({conversation_id = "conv-1", params = {limit = 5}})", "GET",
     "/conversations/conv-1/drafts", "limit=5"},
    {"list_conversation_posts", R"({conversation_id = "conv-1", params = {}})", "GET",
     "/conversations/conv-1/posts", ""},
    {"merge_conversation",
     R"({conversation_id = "conv-1", body = {target = "conv-2", subject = "Merged"}})", "POST",
     "/conversations/conv-1/merge", "", R"({"target": "conv-2", "subject": "Merged"})", "write"},
    {"create_comment", R"({conversation_id = "conv-1", body = "**Refund** approved"})", "POST",
     "/posts", "", R"({"posts": {"conversation": "conv-1", "markdown": "**Refund** approved"}})",
     "write"},
    {"create_draft",
     R"({body = {drafts = {subject = "Follow up", body = "Thanks for the details.",
                           to_fields = {{address = "chris@customer.test"}}, send = true}}})",
     "POST", "/drafts", "",
     R"({"drafts": {"subject": "Follow up", "body": "Thanks for the details.",
                    "to_fields": [{"address": "chris@customer.test"}], "send": true}})",
     "write", 201},
    {"delete_draft", R"({draft_id = "draft-1"})", "DELETE", "/drafts/draft-1", "", "", "write"},
    {"list_messages", R"({params = {email_message_id = "<a1b2c3d4@customer.test>"}})", "GET",
     "/messages", "email_message_id=%3Ca1b2c3d4%40customer.test%3E"},
    {"create_post",
     R"({body = {posts = {conversation = "conv-1", markdown = "Invoice **paid**",
                          notification = {title = "Invoice paid", body = "Paid"}}}})",
     "POST", "/posts", "",
     R"({"posts": {"conversation": "conv-1", "markdown": "Invoice **paid**",
                   "notification": {"title": "Invoice paid", "body": "Paid"}}})",
     "write"},
    {"delete_post", R"({post_id = "post-1"})", "DELETE", "/posts/post-1", "", "", "write"},
    {"list_tasks", R"({state = "open", assignee = "user-1", limit = 20, ["until"] = 1717431100})",
     "GET", "/tasks", "state=todo&assignee=user-1&limit=20&until=1717431100"},
    {"get_task", R"({task_id = "task-1"})", "GET", "/tasks/task-1", ""},
    {"create_task",
     R"({title = "Send revised quote", description = "3-year pricing",
         assignee = "user-1", due_date = "2025-12-31", organization = "org-1"})",
     "POST", "/tasks", "",
     R"({"tasks": {"title": "Send revised quote", "description": "3-year pricing",
                   "assignees": ["user-1"], "due_at": 1767139200, "organization": "org-1"}})",
     "write", 201},
    {"update_task", R"({task_id = "task-1", body = {tasks = {state = "closed"}}})", "PATCH",
     "/tasks/task-1", "", R"({"tasks": {"state": "closed"}})", "write"},
    {"get_current_user", "", "GET", "/users", ""},
    {"list_organizations", R"({params = {limit = 10, offset = 0}})", "GET", "/organizations",
     "limit=10&offset=0"},
    {"list_users", R"({params = {organization = "org-1"}})", "GET", "/users", "organization=org-1"},
    {"list_teams", R"({params = {organization = "org-1", limit = 5}})", "GET", "/teams",
     "organization=org-1&limit=5"},
    {"create_teams", R"({body = {teams = {{name = "Billing", organization = "org-1"}}}})", "POST",
     "/teams", "", R"({"teams": [{"name": "Billing", "organization": "org-1"}]})", "write"},
    {"list_shared_labels", R"({params = {organization = "org-1"}})", "GET", "/shared_labels",
     "organization=org-1"},
    {"list_contacts", R"({params = {contact_book = "book-1", search = "Sam O", limit = 50}})",
     "GET", "/contacts", "contact_book=book-1&search=Sam%20O&limit=50"},
    {"get_contact", R"({contact_id = "contact-1"})", "GET", "/contacts/contact-1", ""},
    {"create_contacts",
     R"({body = {contacts = {{contact_book = "book-1", first_name = "Robin"}}}})", "POST",
     "/contacts", "", R"({"contacts": [{"contact_book": "book-1", "first_name": "Robin"}]})",
     "write"},
    {"update_contacts",
     R"({contact_ids = "contact-1", body = {contacts = {{id = "contact-1", starred = true}}}})",
     "PATCH", "/contacts/contact-1", "", R"({"contacts": [{"id": "contact-1", "starred": true}]})",
     "write"},
    {"list_contact_books", R"({params = {limit = 20}})", "GET", "/contact_books", "limit=20"},
    {"list_contact_groups", R"({params = {contact_book = "book-1", kind = "organization"}})", "GET",
     "/contact_groups", "contact_book=book-1&kind=organization"},
    {"list_responses", R"({params = {organization = "org-1"}})", "GET", "/responses",
     "organization=org-1"},
    {"get_response", R"({response_id = "resp-1"})", "GET", "/responses/resp-1", ""},
    {"create_responses", R"({body = {responses = {{title = "Thanks", body = "<p>Thanks!</p>"}}}})",
     "POST", "/responses", "", R"({"responses": [{"title": "Thanks", "body": "<p>Thanks!</p>"}]})",
     "write"},
    {"update_responses",
     R"({response_ids = "resp-1", body = {responses = {{id = "resp-1", title = "Thanks again"}}}})",
     "PATCH", "/responses/resp-1", "",
     R"({"responses": [{"id": "resp-1", "title": "Thanks again"}]})", "write"},
    {"delete_responses", R"({response_ids = "resp-1"})", "DELETE", "/responses/resp-1", "", "",
     "write"},
    {"create_analytics_report",
     R"({body = {reports = {organization = "org-1", start = 1691812800, ["end"] = 1692371867,
                            time_zone = "UTC"}}})",
     "POST", "/analytics/reports", "",
     R"({"reports": {"organization": "org-1", "start": 1691812800, "end": 1692371867,
                     "time_zone": "UTC"}})",
     "write"},
    {"get_analytics_report", R"({report_id = "8441d4a0-a0ad-4f0f-aa9c-1cc881057e42"})", "GET",
     "/analytics/reports/8441d4a0-a0ad-4f0f-aa9c-1cc881057e42", ""},
    {"create_hook",
     R"({body = {hooks = {type = "new_comment", url = "https://hooks.example.test/missive"}}})",
     "POST", "/hooks", "",
     R"({"hooks": {"type": "new_comment", "url": "https://hooks.example.test/missive"}})", "write"},
    {"delete_hook", R"({hook_id = "hook-1"})", "DELETE", "/hooks/hook-1", "", "", "write"},
    {"api_get", R"({path = "/contacts", params = {contact_book = "book-1", limit = 10}})", "GET",
     "/contacts", "contact_book=book-1&limit=10"},
    {"api_post", R"({path = "/drafts", body = {drafts = {subject = "Hello"}}})", "POST", "/drafts",
     "", R"({"drafts": {"subject": "Hello"}})", "write", 201},
    {"api_patch", R"({path = "/tasks/task-1", body = {tasks = {state = "in_progress"}}})", "PATCH",
     "/tasks/task-1", "", R"({"tasks": {"state": "in_progress"}})", "write"},
    {"api_delete", R"({path = "/hooks/hook-1"})", "DELETE", "/hooks/hook-1", "", "", "write"},
};

class MissiveFunctionTest : public MissiveTest,
                            public ::testing::WithParamInterface<MissiveCase> {};

TEST_P(MissiveFunctionTest, SendsTheDocumentedRequestAndReturnsTheDecodedBody) {
  const MissiveCase& c = GetParam();
  const std::vector<std::string> flags =
      c.operation == "write" ? std::vector<std::string>{"--force"} : std::vector<std::string>{};
  KosmoRun run = Lua("return app.integrations.missive." + c.name + "(" + c.args + ")", flags);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();

  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, c.method);
  EXPECT_EQ(request.path, "/missive/v1" + c.tail);
  EXPECT_EQ(QueryPairs(request.query), QueryPairs(c.query)) << request.query;
  EXPECT_EQ(request.header("authorization"), "Bearer " + token_);
  EXPECT_EQ(request.header("accept"), "application/json");
  EXPECT_EQ(request.header("user-agent").rfind("kosmo/", 0), 0u) << request.header("user-agent");
  if (c.body.empty()) {
    EXPECT_EQ(request.body, "");
  } else {
    EXPECT_EQ(request.header("content-type"), "application/json");
    EXPECT_TRUE(SameJson(c.body, ParseJson(request.body))) << request.body;
  }
  EXPECT_EQ(request.response_status, c.http_status) << request.response_body;
  ASSERT_NE(run.result(), nullptr) << run.Describe();
  // Missive's JSON unchanged; an empty success body is an empty table (reference §3.6).
  const std::string expected = request.response_body.empty() ? "{}" : request.response_body;
  EXPECT_TRUE(SameJson(expected, *run.result())) << run.Describe();
  EXPECT_TRUE(CallMatches(
      run, 0,
      {"integrations.missive." + c.name, "missive_" + c.name, c.operation, "ok", c.http_status}));
  EXPECT_EQ(run.meta("permission_bypassed"), c.operation == "write");
  std::vector<std::string> all_secrets = secrets().all();
  all_secrets.push_back(token_);
  ExpectNoSecrets(run, all_secrets);
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, MissiveFunctionTest, ::testing::ValuesIn(kMissiveCases),
                         [](const auto& info) { return info.param.name; });

TEST(MissiveCaseTable, CoversEveryFunctionOnce) {
  std::set<std::string> names;
  for (const MissiveCase& c : kMissiveCases) EXPECT_TRUE(names.insert(c.name).second) << c.name;
  EXPECT_EQ(names.size(), 42u);  // all but list_hooks, which refuses (missive_list_hooks_*.case)
}

}  // namespace
}  // namespace kosmo::e2e
