// End to end, Missive requests beyond one call per function: the generic helpers' path safety
// (nothing may reach another host, or another prefix on this one), ids in paths and
// comma-separated id lists, params as query strings, bodies passed through unchanged.
#include <gtest/gtest.h>

#include "e2e/integrations_missive_fixture.h"

namespace kosmo::e2e {
namespace {

class MissivePathsTest : public MissiveTest {};

// --- generic paths

// Each bad path and the reason it must be refused with.
struct BadPath {
  std::string lua;  // a Lua string literal
  std::string reason;
};

std::vector<BadPath> BadPaths(const std::string& other_host) {
  return {
      {"\"" + other_host + "/missive/v1/conversations\"", "absolute URLs are not allowed"},
      {R"("https://evil.example/v1/contacts")", "absolute URLs are not allowed"},
      {R"("HTTP://evil.example/contacts")", "absolute URLs are not allowed"},
      {R"("/../../v1/conversations")", "'.' and '..' segments are not allowed"},
      {R"("/conversations/%2e%2e/%2E%2E/admin")", "'.' and '..' segments are not allowed"},
      {R"("/conversations/.%2E")", "'.' and '..' segments are not allowed"},
      {R"("/conversations/./x")", "'.' and '..' segments are not allowed"},
      {R"("/conversations\r\nX-Injected: 1")", "control characters are not allowed"},
      {R"("/conversations\tx")", "control characters are not allowed"},
      {R"("/contacts/{id}")", "unfilled {templates} are not allowed"},
      {R"("/conversations#fragment")", "fragments are not allowed"},
      {R"("\\evil.example\\contacts")", "backslashes are not allowed"},
      {R"("")", "a path is required"},
      {R"("/v1")", "a path is required"},
  };
}

TEST_F(MissivePathsTest, GenericHelpersRefuseEveryPathThatCouldLeaveTheHost) {
  fakes::FakeVendorServer other_host;
  const std::vector<BadPath> bad = BadPaths(other_host.origin());
  std::string paths;
  for (const BadPath& path : bad) paths += "  " + path.lua + ",\n";
  const char* helpers[] = {"api_get", "api_post", "api_patch", "api_delete"};
  for (const char* helper : helpers) {
    SCOPED_TRACE(helper);
    const std::string extra =
        std::string(helper) == "api_get" || std::string(helper) == "api_delete"
            ? "params = {limit = 1}"
            : "body = {x = 1}";
    KosmoRun run = Lua(R"(
      local paths = {
)" + paths + R"(      }
      local errors = {}
      for i, path in ipairs(paths) do
        local ok, err = pcall(function()
          return app.integrations.missive.)" +
                           helper + R"(({path = path, )" + extra + R"(})
        end)
        errors[i] = ok and "ACCEPTED" or (tostring(err) .. " | " .. tostring(app.last_error().code))
      end
      return errors)",
                       {"--force"});
    ASSERT_EQ(run.exit_code(), 0) << run.Describe();
    const rapidjson::Value* errors = run.result();
    ASSERT_TRUE(errors != nullptr && errors->IsArray()) << run.Describe();
    ASSERT_EQ(errors->Size(), bad.size()) << run.Describe();
    for (size_t i = 0; i < bad.size(); ++i) {
      const std::string error = (*errors)[static_cast<rapidjson::SizeType>(i)].GetString();
      SCOPED_TRACE(bad[i].lua);
      EXPECT_EQ(error.rfind("Unsafe API path '", 0), 0u) << error;
      EXPECT_NE(error.find(bad[i].reason), std::string::npos) << error;
      EXPECT_NE(error.find("No external call was made. | integration_error"), std::string::npos)
          << error;
    }
    EXPECT_EQ(run.call_count(), bad.size());
    ExpectNoSecrets(run, AllSecrets());
  }
  EXPECT_EQ(server().request_count(), 0u);
  EXPECT_EQ(other_host.request_count(), 0u);
}

TEST_F(MissivePathsTest, RefusedPathsShowControlCharactersEscaped) {
  KosmoRun run = Missive(R"(api_get({path = "/a\r\nHost: evil"}))");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "integration_error");
  EXPECT_EQ(run.error(),
            "Unsafe API path '/a\\x0d\\x0aHost: evil': control characters are not allowed. "
            "No external call was made.");
  EXPECT_EQ(server().request_count(), 0u);
}

// A NUL byte must be refused like any control character, not cut the path short: the caller
// asked for "/conversations\0/x", and "/conversations" is another endpoint.
TEST_F(MissivePathsTest, NulInAGenericPathIsRefusedNotTruncated) {
  KosmoRun run = Missive(R"(api_get({path = "/conversations\0/x"}))");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(),
            "Unsafe API path '/conversations\\x00/x': control characters are not allowed. "
            "No external call was made.");
  EXPECT_EQ(server().request_count(), 0u);
}

TEST_F(MissivePathsTest, GenericPathsAreNormalisedOntoTheConfiguredBase) {
  KosmoRun run = Lua(R"(
    local m = app.integrations.missive
    m.api_get({path = "/v1/conversations?inbox=true", params = {limit = 5}})
    m.api_get({path = "conversations/conv-1/messages"})
    m.api_get({path = "  /v1/shared_labels  "})
    m.api_patch({path = "/contacts/contact-1,contact-2", body = {contacts = {{starred = true}}}})
    local posted = pcall(function() return m.api_post({path = "/v1/drafts"}) end)
    local deleted = pcall(m.api_delete, {path = "/hooks/hook-1", params = {organization = "org-1"}})
    local ok, err = pcall(function() return m.api_get({path = "//evil.example/contacts"}) end)
    return posted, tostring(err))",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 7u);
  EXPECT_EQ(requests[0].path, MissivePath("/conversations"));
  EXPECT_EQ(requests[0].query, "inbox=true&limit=5");  // the path's own query, then params
  EXPECT_EQ(requests[1].path, MissivePath("/conversations/conv-1/messages"));
  EXPECT_EQ(requests[1].query, "");
  EXPECT_EQ(requests[2].path, MissivePath("/shared_labels"));
  EXPECT_EQ(requests[3].method, "PATCH");
  EXPECT_EQ(requests[3].path, MissivePath("/contacts/contact-1,contact-2"));
  EXPECT_EQ(requests[4].method, "POST");
  EXPECT_EQ(requests[4].path, MissivePath("/drafts"));
  EXPECT_EQ(requests[4].body, "");  // no body given, none sent (the reference sent "[]")
  EXPECT_FALSE(requests[4].has_header("content-type"));
  EXPECT_EQ(requests[4].response_status, 400);  // the fake wants the drafts envelope
  EXPECT_EQ(requests[5].method, "DELETE");
  EXPECT_EQ(requests[5].query, "organization=org-1");  // params go to the query, not a body
  EXPECT_EQ(requests[5].body, "");
  EXPECT_EQ(requests[5].response_status, 400);  // Missive documents no DELETE parameters
  // A leading "//" is not a scheme-relative URL here: the request stays on the Missive host.
  EXPECT_EQ(requests[6].path, MissivePath("/evil.example/contacts"));
  for (const auto& request : requests) {
    EXPECT_EQ(request.header("authorization"), "Bearer " + token_);
  }
  EXPECT_TRUE(SameJson(
      R"([false, "Missive API error (404): Not found: GET /missive/v1/evil.example/contacts"])",
      run.envelope["result"]))
      << run.Describe();
}

// --- ids

TEST_F(MissivePathsTest, SingleIdsArePercentEncodedAndDotSegmentsRefused) {
  KosmoRun run = Missive(R"(get_contact({contact_id = "a b/c?d#e"}))");
  // The fake has no contact route for a path with a slash in it: what matters is what was sent.
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(OnlyRequest().path, MissivePath("/contacts/a%20b%2Fc%3Fd%23e"));

  server().clear_requests();
  for (const char* id : {"..", ".", ""}) {
    KosmoRun refused = Missive(std::string("get_task({task_id = \"") + id + "\"})");
    EXPECT_EQ(refused.exit_code(), 1) << refused.Describe();
    EXPECT_EQ(refused.error(),
              "task_id must not be empty, '.' or '..'. No external call was made.");
  }
  EXPECT_EQ(server().request_count(), 0u);
}

// Missive takes several IDs as one path segment "id1,id2": each ID percent-encoded on its own,
// the commas literal (reference §4; its own test expects PATCH /v1/contacts/contact-1,contact-2).
TEST_F(MissivePathsTest, CommaSeparatedIdListsKeepLiteralCommas) {
  KosmoRun run = Lua(R"(
    local m = app.integrations.missive
    local function try(f) local ok, value = pcall(f) return ok and value or tostring(value) end
    local updated = try(function()
      return m.update_contacts({contact_ids = "contact-1,contact-2",
                                body = {contacts = {{starred = true}, {starred = false}}}})
    end)
    try(function()
      return m.update_responses({response_ids = "resp-1,resp-2",
                                 body = {responses = {{title = "A"}, {title = "B"}}}})
    end)
    try(function() return m.delete_responses({response_ids = "response-1,response-2"}) end)
    try(function() return m.delete_responses({response_ids = "a b,c/d"}) end)
    return updated)",
                     {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].method, "PATCH");
  EXPECT_EQ(requests[0].path, MissivePath("/contacts/contact-1,contact-2"));
  EXPECT_EQ(requests[1].path, MissivePath("/responses/resp-1,resp-2"));
  EXPECT_EQ(requests[2].method, "DELETE");
  EXPECT_EQ(requests[2].path, MissivePath("/responses/response-1,response-2"));
  EXPECT_EQ(requests[3].path, MissivePath("/responses/a%20b,c%2Fd"));
  ASSERT_NE(run.result(), nullptr);
  ASSERT_TRUE(run.result()->IsObject()) << run.Describe();
  const rapidjson::Value& contacts = (*run.result())["contacts"];
  ASSERT_TRUE(contacts.IsArray() && contacts.Size() == 2) << run.Describe();
  EXPECT_STREQ(contacts[0]["id"].GetString(), "contact-1");
  EXPECT_STREQ(contacts[1]["id"].GetString(), "contact-2");
}

// --- query strings and bodies

TEST_F(MissivePathsTest, ParamsObjectsBecomeTheQueryString) {
  KosmoRun run = Missive(R"(list_contacts({params = {
      contact_book = "book 1/ä", include_deleted = true, modified_since = 1717400000,
      search = "O'Neil & Sons", filter = {kind = "email"}, order = "last_modified"}}))");
  // Missive documents no filter parameter: the fake refuses it, after the encoding is recorded.
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(), "Missive API error (400): found unpermitted parameter: filter[kind]");
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.path, MissivePath("/contacts"));
  EXPECT_EQ(QueryPairs(request.query),
            QueryPairs("contact_book=book%201%2F%C3%A4&include_deleted=true"
                       "&modified_since=1717400000&search=O%27Neil%20%26%20Sons"
                       "&filter%5Bkind%5D=email&order=last_modified"))
      << request.query;
  EXPECT_EQ(request.body, "");

  server().clear_requests();
  KosmoRun missing = Missive(R"(list_contact_groups({params = {contact_book = "book-1"}}))");
  EXPECT_EQ(missing.exit_code(), 1) << missing.Describe();
  EXPECT_EQ(missing.error(),
            "Missive API error (400): param is missing or the value is empty: kind");
}

TEST_F(MissivePathsTest, BodiesArePassedThroughUnchanged) {
  KosmoRun run = Missive(R"(create_draft({body = {drafts = {
      subject = "Grüße ✓", body = "<p>Hi</p>", send = false, quote_previous_message = true,
      to_fields = {{address = "a@example.test", name = "A"}, {address = "b@example.test"}},
      cc_fields = json.array(), references = json.object(), send_at = 1717516800,
      score = 0.25, conversation = "conv-1", add_shared_labels = {"abab1212"}}}}))",
                         {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const fakes::RecordedRequest request = OnlyRequest();
  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_TRUE(SameJson(R"({"drafts": {"subject": "Grüße ✓", "body": "<p>Hi</p>", "send": false,
      "quote_previous_message": true,
      "to_fields": [{"address": "a@example.test", "name": "A"}, {"address": "b@example.test"}],
      "cc_fields": [], "references": {}, "send_at": 1717516800, "score": 0.25,
      "conversation": "conv-1", "add_shared_labels": ["abab1212"]}})",
                       ParseJson(request.body)))
      << request.body;
  EXPECT_NE(request.body.find(R"("references":{})"), std::string::npos) << request.body;
  EXPECT_NE(request.body.find(R"("send_at":1717516800)"), std::string::npos) << request.body;
  // 201 with no body: an empty table, as the reference returns.
  EXPECT_EQ(request.response_status, 201);
  ASSERT_NE(run.result(), nullptr);
  EXPECT_TRUE(SameJson("{}", *run.result())) << run.Describe();
}

TEST_F(MissivePathsTest, BodyObjectsRejectNonTablesBeforeSending) {
  KosmoRun run = Missive(R"(create_post({body = "text"}))", {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(),
            "Invalid arguments for app.integrations.missive.create_post (wrong type: body "
            "(expected object)). No external call was made.");
  EXPECT_EQ(server().request_count(), 0u);
}

}  // namespace
}  // namespace kosmo::e2e
