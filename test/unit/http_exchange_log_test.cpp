// The -v/-vv HTTP log through its real source: RetryingHttpClient reporting to ExchangeLog over
// a scripted transport, with the records caught by an in-memory spdlog sink.
#include "lib/http/exchange_log.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <deque>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "lib/http/retrying_http_client.h"

namespace kosmo::http {
namespace {

class FakeSleeper final : public Sleeper {
 public:
  double now() const override { return monotonic_; }
  double unix_now() override { return 1'700'000'000 + monotonic_; }
  void sleep(double seconds) override { monotonic_ += seconds; }

 private:
  double monotonic_ = 1000;
};

class ScriptedClient final : public HttpClient {
 public:
  explicit ScriptedClient(std::deque<HttpResult> script) : script_(std::move(script)) {}
  HttpResult send(const HttpRequest&) override {
    HttpResult next = script_.front();
    if (script_.size() > 1) script_.pop_front();
    return next;
  }

 private:
  std::deque<HttpResult> script_;
};

HttpResult answer(int status, std::string body = "", HeaderList headers = {}) {
  HttpResult result;
  result.transport_ok = true;
  result.response.status = status;
  result.response.body = std::move(body);
  result.response.headers = std::move(headers);
  return result;
}

constexpr const char kSecret[] = "canary-secret-5a6b7c8d";

class ExchangeLogTest : public ::testing::Test {
 protected:
  ExchangeLogTest() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_);
    sink->set_pattern("%l|%v");
    auto logger = std::make_shared<spdlog::logger>("test", sink);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
    redactor_.add_secret(kSecret);
  }
  ~ExchangeLogTest() override { spdlog::set_default_logger(previous_); }

  std::string Send(std::deque<HttpResult> script, HttpRequest request,
                   spdlog::level::level_enum level = spdlog::level::debug) {
    spdlog::default_logger()->set_level(level);
    ScriptedClient inner(std::move(script));
    FakeSleeper sleeper;
    RetryingHttpClient client(inner, sleeper, RetryPolicy({}, [] { return 1.0; }));
    ExchangeLog log(redactor_);
    client.set_observer(&log);
    client.send(request);
    return lines_.str();
  }

  static HttpRequest Get() {
    HttpRequest request;
    request.method = "GET";
    request.url = std::string("https://api.example.com/v1/items?key=") + kSecret;
    request.headers = {{"Authorization", std::string("Bearer ") + kSecret}, {"Accept", "*/*"}};
    request.caller_function = "example_list_items";
    request.caller_account = "work";
    return request;
  }

  std::ostringstream lines_;
  std::shared_ptr<spdlog::logger> previous_;
  Redactor redactor_;
};

TEST_F(ExchangeLogTest, InfoLogsEachAttemptAndTheRetryWithItsReasonAndWait) {
  const std::string log =
      Send({answer(503, "", {{"retry-after", "2"}}), answer(200, "{}")}, Get(), spdlog::level::info);
  EXPECT_NE(log.find("info|example_list_items (account work): GET "
                     "https://api.example.com/v1/items?key=<redacted> -> 503 in "),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("(attempt 1)"), std::string::npos) << log;
  EXPECT_NE(log.find("retrying after HTTP 503 (Retry-After: 2), waiting 2.00 s before attempt 2"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("-> 200 in "), std::string::npos) << log;
  EXPECT_NE(log.find("(attempt 2)"), std::string::npos) << log;
  EXPECT_EQ(log.find("debug|"), std::string::npos) << log;
  EXPECT_EQ(log.find(kSecret), std::string::npos) << log;
}

TEST_F(ExchangeLogTest, DebugShowsRedactedHeadersAndBodies) {
  const std::string log = Send(
      {answer(200, std::string("{\"echo\":\"") + kSecret + "\"}", {{"x-echo-token", kSecret}})},
      Get());
  EXPECT_NE(log.find("\"Authorization\":\"<redacted>\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"Accept\":\"*/*\""), std::string::npos) << log;
  EXPECT_NE(log.find("\"x-echo-token\":\"<redacted>\""), std::string::npos) << log;
  EXPECT_NE(log.find("body (33 bytes): {\"echo\":\"<redacted>\"}"), std::string::npos) << log;
  EXPECT_EQ(log.find(kSecret), std::string::npos) << log;
}

TEST_F(ExchangeLogTest, ARetryableFailureThatIsNotRetriedSaysWhy) {
  const std::string log =
      Send({answer(429, "", {{"retry-after", "600"}})}, Get(), spdlog::level::info);
  EXPECT_NE(log.find("not retrying HTTP 429 (Retry-After: 600) after 1 attempt: the server's "
                     "Retry-After is longer than kosmo waits"),
            std::string::npos)
      << log;
}

TEST_F(ExchangeLogTest, TransportErrorsAreRedactedAndExhaustedRetriesSaid) {
  HttpResult failed;
  failed.transport_error = std::string("Could not resolve host: ") + kSecret + ".example";
  const std::string log = Send({failed}, Get(), spdlog::level::info);
  EXPECT_NE(log.find("-> failed: Could not resolve host: <redacted>.example in"), std::string::npos)
      << log;
  EXPECT_NE(log.find("(attempt 4)"), std::string::npos) << log;
  EXPECT_NE(log.find("after 4 attempts: no retries left"), std::string::npos) << log;
  EXPECT_EQ(log.find(kSecret), std::string::npos) << log;
}

TEST_F(ExchangeLogTest, NothingIsFormattedBelowTheLevel) {
  const std::string log = Send({answer(503), answer(200)}, Get(), spdlog::level::warn);
  EXPECT_EQ(log, "");
}

}  // namespace
}  // namespace kosmo::http
