// IntegrationRuntime from the request it hands the HttpClient to the outcome it makes of the
// answer: vendor errors, transport failures, replay misses and oversized bodies; redaction of
// credentials; credentials resolved once per account; the run's deadline and memory limit
// passed on to each request.
#include "lib/common/deadline.h"
#include "lib/common/error_codes.h"
#include "lib/http/base64.h"
#include "lib/http/secret_forms.h"
#include "test/unit/integration_runtime_fixture.h"

namespace kosmo::integrations::runtime_test {
namespace {

class IntegrationRuntimeHttpTest : public IntegrationRuntimeTest {
 protected:
  lua::CallOutcome get_item(const char* account_prefix = "") {
    return call(std::string("demo.") + account_prefix + "get_item", R"({"id": "7"})");
  }

  static http::HttpResult failed_transfer(std::string error) {
    http::HttpResult result;
    result.transport_ok = false;
    result.transport_error = std::move(error);
    return result;
  }
};

void expect_error(const lua::CallOutcome& outcome, ErrorCode code, const std::string& message) {
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(error_code_name(outcome.error_code), error_code_name(code));
  EXPECT_EQ(outcome.error_message, message);
}

// --- what the vendor answers ---

TEST_F(IntegrationRuntimeHttpTest, VendorErrorBodyBecomesAnHttpErrorInTheManifestsFormat) {
  answer(404, R"({"error": {"message": "No item 7", "code": 44}})");
  const lua::CallOutcome outcome = get_item();
  expect_error(outcome, ErrorCode::kHttp, "Demo said 404 at /items/7: No item 7");
  EXPECT_EQ(outcome.http_status, 404);
  EXPECT_FALSE(outcome.retryable);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.function, "demo_get_item");
  EXPECT_EQ(sent().size(), 1u);
}

TEST_F(IntegrationRuntimeHttpTest, ServerErrorIsRetryableAndReportsTheClientsAttempts) {
  http::HttpResult busy = ScriptedHttpClient::answer(503, "overloaded");
  busy.attempts = 4;
  answer(std::move(busy));
  const lua::CallOutcome outcome = get_item();
  expect_error(outcome, ErrorCode::kHttp, "Demo said 503 at /items/7: overloaded");
  EXPECT_EQ(outcome.http_status, 503);
  EXPECT_TRUE(outcome.retryable);
  EXPECT_EQ(outcome.attempts, 4);
}

TEST_F(IntegrationRuntimeHttpTest, TransportFailureIsARetryableHttpErrorWithoutStatus) {
  answer(failed_transfer("Failed to connect to api.demo.test port 443"));
  const lua::CallOutcome outcome = get_item();
  expect_error(outcome, ErrorCode::kHttp,
               "Demo connection error: Failed to connect to api.demo.test port 443");
  EXPECT_TRUE(outcome.retryable);
  EXPECT_FALSE(outcome.http_status.has_value());
}

TEST_F(IntegrationRuntimeHttpTest, ReplayMissIsAReplayMissNamingTheRequest) {
  http::HttpResult miss = failed_transfer("No recorded exchange matches GET /items/7");
  miss.replay_miss = true;
  answer(std::move(miss));
  const lua::CallOutcome outcome = get_item();
  expect_error(outcome, ErrorCode::kReplayMiss, "No recorded exchange matches GET /items/7");
  EXPECT_FALSE(outcome.retryable);
}

TEST_F(IntegrationRuntimeHttpTest, BodyTooLargeIsAMemoryLimitError) {
  options_.max_response_bytes = 1024;
  http::HttpResult large = failed_transfer("body exceeds 1024 bytes");
  large.body_too_large = true;
  large.response.status = 200;
  answer(std::move(large));
  const lua::CallOutcome outcome = get_item();
  expect_error(outcome, ErrorCode::kMemoryLimit,
               "Demo response is larger than the memory limit (1024 bytes); it was not read. "
               "Raise --memory-limit to receive it.");
  EXPECT_EQ(outcome.http_status, 200);
  EXPECT_FALSE(outcome.retryable);
}

// --- redaction ---

TEST_F(IntegrationRuntimeHttpTest, AccountCredentialsAreRegisteredWithTheRedactor) {
  EXPECT_EQ(redactor_.redact(kEnvKey), kEnvKey);
  EXPECT_TRUE(get_item().ok);
  EXPECT_EQ(redactor_.redact(std::string("key=") + kEnvKey), "key=<redacted>");
}

TEST_F(IntegrationRuntimeHttpTest, CredentialEchoedInAVendorErrorIsRedactedFromTheMessage) {
  answer(401, std::string(R"({"error": {"message": "Key )") + kEnvKey + R"( is revoked"}})");
  const lua::CallOutcome outcome = get_item();
  expect_error(outcome, ErrorCode::kHttp, "Demo said 401 at /items/7: Key <redacted> is revoked");
}

TEST_F(IntegrationRuntimeHttpTest, CredentialEchoedInATransportErrorIsRedactedFromTheMessage) {
  answer(failed_transfer(std::string("proxy refused ") + kEnvKey));
  expect_error(get_item(), ErrorCode::kHttp, "Demo connection error: proxy refused <redacted>");
}

// Data is redacted before it is returned, that is before the script holds it: strings and keys
// of a JSON answer, whatever the case the vendor echoed the key in.
TEST_F(IntegrationRuntimeHttpTest, CredentialEchoedInTheDataIsRedactedBeforeTheScriptGetsIt) {
  answer(200, std::string(R"({"echo": {"key": "Key )") + kEnvKey + R"(", "ENV-KEY-0001": 1}})");
  const lua::CallOutcome outcome = get_item();
  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  EXPECT_EQ(json_text(outcome.data), R"({"echo":{"key":"Key <redacted>","<redacted>":1}})");
}

TEST_F(IntegrationRuntimeHttpTest, CredentialInABinaryRawBodyIsRedactedBeforeEncoding) {
  // Not UTF-8, so the body is handed over as base64; the key is upper-cased inside it, which the
  // base64 text would not show (the key's own base64 forms are of its lower-case bytes).
  const std::string bytes = std::string("\xff\xfe key=") + "ENV-KEY-0001" + " \x80";
  answer(200, bytes);
  const lua::CallOutcome outcome = call("demo.download", R"({"id": "f1"})");
  ASSERT_TRUE(outcome.ok) << outcome.error_message;
  ASSERT_TRUE(outcome.data.HasMember("encoding"));
  std::string decoded;
  ASSERT_TRUE(http::base64_decode(outcome.data["body"].GetString(), decoded));
  EXPECT_EQ(decoded, "\xff\xfe key=<redacted> \x80");
}

// --- credentials are worked out once per account per run ---

TEST_F(IntegrationRuntimeHttpTest, CredentialsAreResolvedOncePerAccountPerRun) {
  env_.variables.set("DEMO_WORK_KEY", "work-key-0002");
  configure("integrations: { demo: { accounts: { work: { api_key: \"${DEMO_WORK_KEY}\" } } } }");
  auto reads_for = [this](const char* account_prefix, int calls) {
    const int before = env_.reads;
    for (int i = 0; i < calls; ++i) EXPECT_TRUE(get_item(account_prefix).ok);
    return env_.reads - before;
  };

  const int first_default_call = reads_for("", 1);
  EXPECT_GT(first_default_call, 0);
  EXPECT_EQ(reads_for("", 99), 0);
  const int first_work_call = reads_for("work.", 1);
  EXPECT_GT(first_work_call, 0);
  EXPECT_EQ(reads_for("work.", 99), 0);
  EXPECT_EQ(sent().size(), 200u);
  EXPECT_EQ(header(sent().back(), "X-Demo-Key"), "work-key-0002");
}

// A canary credential per account, resolved once and then served from the per-run cache: on the
// first call, the fiftieth, and after the other account's calls in between, every encoded form
// of either (secret_forms: plain, percent-encoded, JSON-escaped, base64 and its cores) is still
// redacted from the data and the error message the script gets. Nothing a run does can change
// a credential (scripts cannot set environment variables or write config.yaml), so the cache is
// never stale within a run.
TEST_F(IntegrationRuntimeHttpTest, EveryFormOfEachAccountsCanaryStaysRedactedAcrossCachedCalls) {
  const std::string default_canary = "canary-default-4f2b/+=&?";
  const std::string work_canary = "canary-work-9a1c \"quoted\"";
  env_.variables.set("KOSMO_DEMO_API_KEY", default_canary);
  env_.variables.set("KOSMO_DEMO__WORK__API_KEY", work_canary);
  const std::vector<std::string> default_forms = http::secret_forms(default_canary);
  std::vector<std::string> forms = default_forms;
  for (const std::string& form : http::secret_forms(work_canary)) forms.push_back(form);

  // An account's credentials are registered when it is first used: on the first call only the
  // default account's forms are known, from the second on both accounts' are.
  auto echo = [](const std::vector<std::string>& texts) {
    rapidjson::Document echoed(rapidjson::kArrayType);
    for (const std::string& text : texts) {
      echoed.PushBack(rapidjson::Value(text, echoed.GetAllocator()), echoed.GetAllocator());
    }
    return json_text(echoed);
  };
  for (int call = 1; call <= 50; ++call) {
    SCOPED_TRACE("call " + std::to_string(call));
    const char* account = call % 2 == 0 ? "work." : "";
    const bool check = call == 1 || call == 2 || call >= 49;
    if (check) answer(200, echo(call == 1 ? default_forms : forms));
    const lua::CallOutcome outcome = get_item(account);
    ASSERT_TRUE(outcome.ok) << outcome.error_message;
    if (!check) continue;
    ASSERT_TRUE(outcome.data.IsArray());
    EXPECT_EQ(outcome.data.Size(), call == 1 ? default_forms.size() : forms.size());
    for (const rapidjson::Value& item : outcome.data.GetArray()) {
      EXPECT_STREQ(item.GetString(), "<redacted>");
    }
  }
  answer(400, R"({"error": {"message": ")" + forms.back() + " and " + forms.front() + R"("}})");
  expect_error(get_item("work."), ErrorCode::kHttp,
               "Demo said 400 at /items/7: <redacted> and <redacted>");
  EXPECT_EQ(header(sent().front(), "X-Demo-Key"), default_canary);
  EXPECT_EQ(header(sent()[1], "X-Demo-Key"), work_canary);
}

// --- limits passed on to each request ---

TEST_F(IntegrationRuntimeHttpTest, UnboundedRunKeepsTheManifestTimeoutAndNoBodyLimit) {
  EXPECT_TRUE(get_item().ok);
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_DOUBLE_EQ(sent()[0].total_timeout_s, 20);
  EXPECT_EQ(sent()[0].max_body_bytes, 0u);
}

TEST_F(IntegrationRuntimeHttpTest, DeadlineCapsEachRequestsTotalTimeout) {
  options_.deadline = Deadline::after(5, clock_);
  clock_.advance(4);
  EXPECT_TRUE(get_item().ok);
  clock_.advance(10);  // spent: the request still gets a last slice, so its own timeout reports
  EXPECT_TRUE(get_item().ok);

  ASSERT_EQ(sent().size(), 2u);
  EXPECT_LE(sent()[0].total_timeout_s, 1);
  EXPECT_GT(sent()[0].total_timeout_s, 0);
  EXPECT_DOUBLE_EQ(sent()[1].total_timeout_s, Deadline::kLastSlice);
}

TEST_F(IntegrationRuntimeHttpTest, MaxResponseBytesBecomesEachRequestsBodyLimit) {
  options_.max_response_bytes = 4096;
  EXPECT_TRUE(get_item().ok);
  EXPECT_TRUE(call("demo.search_items", R"({"q": "x"})").ok);
  ASSERT_EQ(sent().size(), 2u);
  EXPECT_EQ(sent()[0].max_body_bytes, 4096u);
  EXPECT_EQ(sent()[1].max_body_bytes, 4096u);
}

}  // namespace
}  // namespace kosmo::integrations::runtime_test
