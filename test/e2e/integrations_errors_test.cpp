// End to end: how vendor failures reach a script — retries, Retry-After, stalls, refused
// connections, each vendor's error format, HTML pages, invalid, truncated and huge bodies.
#include <gtest/gtest.h>

#include "e2e/integration_harness.h"
#include "fakes/http_test_server.h"

namespace kosmo::e2e {
namespace {

using fakes::Fault;
namespace faults = fakes::faults;

class IntegrationErrorsTest : public IntegrationTest {
 protected:
  const std::string groups_ = SinchPath("/groups");
  const std::string batches_ = SinchPath("/batches");
  const std::string models_ = AnthropicPath("/models");
  static constexpr const char kListGroups[] = "return app.integrations.sinch.list_groups()";
  static constexpr const char kSend[] =
      R"(return app.integrations.sinch.send_sms({from = "+1555", to = {"+1666"}, body = "hi"}))";
};

TEST_F(IntegrationErrorsTest, ServiceUnavailableIsRetriedOnce) {
  server().inject(faults::VendorError(503, "busy"), groups_);
  KosmoRun run = Lua(kListGroups);
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_EQ(server().request_count(), 2u);
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.sinch.list_groups", "sinch_list_groups", "read", "ok", 200, 2}));
}

TEST_F(IntegrationErrorsTest, TooManyRequestsOnPostWaitsForRetryAfter) {
  server().inject(faults::RetryAfter(429, 1), batches_);
  KosmoRun run = Lua(kSend, {"--force"});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  const auto requests = server().requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].body, requests[1].body);
  EXPECT_GE(run.process.wall_seconds, 0.95) << "Retry-After: 1 was not honoured";
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.sinch.send_sms", "sinch_send_sms", "write", "ok", 201, 2}));
}

TEST_F(IntegrationErrorsTest, PostIsNotRepeatedAfterAServerError) {
  server().inject(faults::VendorError(503, "busy"), batches_);
  KosmoRun run = Lua(kSend, {"--force"});
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "http_error");
  EXPECT_EQ(run.error(), R"(Sinch API error (503): {"code":"internal_error","text":"busy"})");
  EXPECT_EQ(server().request_count(), 1u);
  EXPECT_TRUE(CallMatches(
      run, 0, {"integrations.sinch.send_sms", "sinch_send_sms", "write", "error", 503, 1}));
}

TEST_F(IntegrationErrorsTest, StalledServerEndsWithinTheRunTimeout) {
  server().inject_always(faults::Stall(10), groups_);
  KosmoRun run = Lua(kListGroups);  // --timeout 2
  EXPECT_EQ(run.exit_code(), 3) << run.Describe();
  EXPECT_EQ(run.error_code(), "timeout");
  EXPECT_LT(run.process.wall_seconds, 3.5) << run.Describe();
  EXPECT_EQ(server().request_count(), 1u);
  ASSERT_NE(run.call(0), nullptr) << run.Describe();
  EXPECT_EQ(ToJson((*run.call(0))["status"]), "\"error\"");
}

// A hostile error body nested 200,000 levels deep: the error message is read without recursion
// (a recursive parse ended the process with SIGSEGV and no envelope).
TEST_F(IntegrationErrorsTest, DeeplyNestedErrorBodyIsAnErrorNotACrash) {
  server().inject(fakes::faults::Status(400, std::string(200000, '[') + std::string(200000, ']')),
                  groups_);
  KosmoRun run = Lua(kListGroups);
  ASSERT_TRUE(run.process.exited_normally()) << run.Describe();
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error_code(), "http_error");
  EXPECT_EQ(run.error().rfind("Sinch API error (400): [[[", 0), 0u) << run.error().substr(0, 80);
}

TEST_F(IntegrationErrorsTest, RefusedConnectionIsAConnectionError) {
  const std::string closed = "http://127.0.0.1:" + std::to_string(test::unused_loopback_port());
  SetEnv("KOSMO_SINCH_BASE_URL", closed + "/xms/v1");
  SetEnv("KOSMO_ANTHROPIC_URL", closed + "/v1");
  KosmoRun sinch = Lua(R"(return app.integrations.sinch.send_sms({from = "a", to = "b",
                                                                body = "c"}))",
                       {"--force"});
  EXPECT_EQ(sinch.exit_code(), 1) << sinch.Describe();
  EXPECT_EQ(sinch.error_code(), "http_error");
  EXPECT_EQ(sinch.error().rfind("Sinch connection error: ", 0), 0u) << sinch.error();
  KosmoRun anthropic = Lua(R"(return app.integrations.anthropic.create_message({model = "m",
                                messages = {{role = "user", content = "x"}}}))",
                           {"--force"});
  EXPECT_EQ(anthropic.exit_code(), 1) << anthropic.Describe();
  EXPECT_EQ(anthropic.error().rfind("Failed to connect to Anthropic API: ", 0), 0u)
      << anthropic.error();
  EXPECT_TRUE(CallMatches(anthropic, 0,
                          {"integrations.anthropic.create_message", "anthropic_create_message",
                           "write", "error", 0, 1}));
}

TEST_F(IntegrationErrorsTest, SinchErrorsCarryTheRawBodyOrItsMessageField) {
  server().inject(faults::VendorError(403, "Service plan plan-default is disabled"), groups_);
  server().inject(faults::Status(400, R"({"message": "Invalid MSISDN: 12345"})"), groups_);
  KosmoRun raw = Lua(kListGroups);
  EXPECT_EQ(raw.exit_code(), 1) << raw.Describe();
  EXPECT_EQ(raw.error_code(), "http_error");
  EXPECT_EQ(
      raw.error(),
      R"(Sinch API error (403): {"code":"forbidden","text":"Service plan plan-default is disabled"})");
  EXPECT_TRUE(CallMatches(
      raw, 0, {"integrations.sinch.list_groups", "sinch_list_groups", "read", "error", 403, 1}));
  KosmoRun field = Lua(kListGroups);
  EXPECT_EQ(field.error(), "Sinch API error (400): Invalid MSISDN: 12345");
}

TEST_F(IntegrationErrorsTest, AnthropicErrorsUseErrorMessageThenErrorThenTheBody) {
  KosmoRun not_found = Lua(R"(return app.integrations.anthropic.get_model({id = "gpt-4"}))");
  EXPECT_EQ(not_found.exit_code(), 1) << not_found.Describe();
  EXPECT_EQ(not_found.error(), "Anthropic API error (404): model: gpt-4");
  EXPECT_TRUE(CallMatches(
      not_found, 0,
      {"integrations.anthropic.get_model", "anthropic_get_model", "read", "error", 404, 1}));

  server().inject(faults::Status(400, R"({"error": {"code": 7}})"), models_);
  server().inject(faults::Status(409, "conflict, try later", "text/plain"), models_);
  const std::string list = "return app.integrations.anthropic.list_models({})";
  EXPECT_EQ(Lua(list).error(), R"(Anthropic API error (400): {"code":7})");
  EXPECT_EQ(Lua(list).error(), "Anthropic API error (409): conflict, try later");
}

// A string `error` field is what the reference's fallback (`error`, else the body) is for.
TEST_F(IntegrationErrorsTest, AnthropicErrorFieldThatIsAString) {
  server().inject(faults::Status(400, R"({"error": "quota exceeded"})"), models_);
  KosmoRun run = Lua("return app.integrations.anthropic.list_models({})");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(), "Anthropic API error (400): quota exceeded") << run.Describe();
}

TEST_F(IntegrationErrorsTest, AnthropicHtmlErrorPageNamesTheEndpoint) {
  server().inject(faults::HtmlPage(404), models_);
  KosmoRun run = Lua("return app.integrations.anthropic.list_models({limit = 1})");
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error(),
            "Anthropic API endpoint not available (HTTP 404). The /models endpoint may be "
            "unavailable or the URL may be incorrect.");
}

// The caught value is the message string, as in KosmoKrator; app.last_error() has the fields.
TEST_F(IntegrationErrorsTest, CaughtErrorsCarryCodeStatusFunctionAndRetryable) {
  server().inject(faults::VendorError(404, "no such group"), SinchPath("/groups/missing"));
  KosmoRun run = Lua(R"(
    local ok, err = pcall(app.integrations.sinch.get_group, {group_id = "missing"})
    local info = app.last_error()
    return ok, type(err), info.status, info.code, info["function"], info.retryable, err)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"([false, "string", 404, "http_error", "sinch_get_group", false,
                           "Sinch API error (404): {\"code\":\"not_found\",\"text\":\"no such group\"}"])",
                       run.envelope["result"]));
}

TEST_F(IntegrationErrorsTest, InvalidJsonSuccessBodyDecodesToAnEmptyObject) {
  server().inject(faults::InvalidJson(), groups_);
  KosmoRun run = Lua(R"(local r = app.integrations.sinch.list_groups()
                        return type(r), next(r) == nil, r)");
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  EXPECT_TRUE(SameJson(R"(["table", true, {}])", run.envelope["result"]));
}

TEST_F(IntegrationErrorsTest, TruncatedBodyIsRetriedForReadsAndFailsWhenItPersists) {
  server().inject(faults::Truncated(20), groups_);
  KosmoRun once = Lua(kListGroups);
  ASSERT_EQ(once.exit_code(), 0) << once.Describe();
  EXPECT_TRUE(CallMatches(
      once, 0, {"integrations.sinch.list_groups", "sinch_list_groups", "read", "ok", 200, 2}));

  server().inject(faults::Truncated(20), batches_);
  KosmoRun post = Lua(kSend, {"--force"});
  EXPECT_EQ(post.exit_code(), 1) << post.Describe();
  EXPECT_EQ(post.error().rfind("Sinch connection error: ", 0), 0u) << post.error();
  EXPECT_TRUE(CallMatches(
      post, 0, {"integrations.sinch.send_sms", "sinch_send_sms", "write", "error", 0, 1}));
}

TEST_F(IntegrationErrorsTest, HugeJsonBodyIsDecodedWithinTheMemoryLimit) {
  constexpr size_t kTwentyMegabytes = 20u << 20;
  constexpr const char kScript[] = R"(local r = app.integrations.anthropic.list_models({})
                                     return #r.data, r.data[1].type, r.has_more)";
  // Its Lua form does not fit the default 32 MiB heap: a clean limit error, not a crash.
  server().inject(faults::Huge(kTwentyMegabytes), models_);
  KosmoRun limited = Lua(kScript);
  EXPECT_EQ(limited.exit_code(), 3) << limited.Describe();
  EXPECT_EQ(limited.error_code(), "memory_limit");

  server().inject(faults::Huge(kTwentyMegabytes), models_);
  KosmoRun run = Lua(kScript, {"--memory-limit", std::to_string(512u << 20)});
  ASSERT_EQ(run.exit_code(), 0) << run.Describe();
  ASSERT_NE(run.result(0), nullptr);
  EXPECT_TRUE(run.result(0)->IsInt() && run.result(0)->GetInt() > 100000) << run.Describe();
  EXPECT_TRUE(SameJson(R"("filler")", *run.result(1)));
  EXPECT_TRUE(SameJson("false", *run.result(2)));
  EXPECT_GE(server().requests().back().response_size, kTwentyMegabytes);
}

TEST_F(IntegrationErrorsTest, WrongBaseUrlReportsTheVendorsNotFound) {
  // A base_url with a wrong path reaches no route; the fake answers in Sinch's format.
  SetEnv("KOSMO_SINCH_BASE_URL", server().sinch_base_url() + "/nowhere");
  KosmoRun run = Lua(kListGroups);
  EXPECT_EQ(run.exit_code(), 1) << run.Describe();
  EXPECT_EQ(run.error().rfind("Sinch API error (404): {\"code\":\"not_found\"", 0), 0u)
      << run.error();
}

}  // namespace
}  // namespace kosmo::e2e
