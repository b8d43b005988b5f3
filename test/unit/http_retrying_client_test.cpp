#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "lib/http/curl_http_client.h"
#include "lib/http/retrying_http_client.h"
#include "test/fakes/http_test_server.h"

namespace kosmo::http {
namespace {

using test::HttpTestServer;
using test::ReceivedRequest;
using test::ScriptedReply;

// Records waits instead of sleeping; its clocks advance only by what was "slept".
class FakeSleeper final : public Sleeper {
 public:
  double now() const override { return monotonic_; }
  double unix_now() override { return 1'700'000'000 + monotonic_; }
  void sleep(double seconds) override {
    sleeps.push_back(seconds);
    monotonic_ += seconds;
  }
  // Time that passes without a sleep: an attempt that takes a while.
  void advance(double seconds) { monotonic_ += seconds; }
  std::vector<double> sleeps;

 private:
  double monotonic_ = 1000;
};

// Answers from a script of results and remembers what it was asked.
class ScriptedClient final : public HttpClient {
 public:
  explicit ScriptedClient(std::deque<HttpResult> script) : script_(std::move(script)) {}
  HttpResult send(const HttpRequest& request) override {
    sent.push_back(request);
    HttpResult next = script_.front();
    if (script_.size() > 1) script_.pop_front();  // the last result repeats
    return next;
  }
  std::vector<HttpRequest> sent;

 private:
  std::deque<HttpResult> script_;
};

HttpResult status(int code, HeaderList headers = {}) {
  HttpResult result;
  result.transport_ok = true;
  result.response.status = code;
  result.response.headers = std::move(headers);
  return result;
}

HttpRequest request_with(std::string method) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = "https://api.example.com/v1/x";
  return request;
}

RetryPolicy fixed_jitter(RetryLimits limits = {}) {
  return RetryPolicy(limits, [] { return 1.0; });  // the upper bound: 0.5, 1, 2
}

TEST(RetryingHttpClientTest, RetriesA503AndReportsTwoAttempts) {
  ScriptedClient inner({status(503), status(200)});
  FakeSleeper sleeper;
  RetryingHttpClient client(inner, sleeper);  // real jitter

  HttpResult result = client.send(request_with("GET"));

  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.attempts, 2);
  ASSERT_EQ(sleeper.sleeps.size(), 1u);
  EXPECT_GE(sleeper.sleeps[0], 0.25);
  EXPECT_LE(sleeper.sleeps[0], 0.5);
}

TEST(RetryingHttpClientTest, GivesUpAfterThreeRetriesWithTheLastResponse) {
  ScriptedClient inner({status(502), status(503), status(500), status(504, {{"x-last", "1"}})});
  FakeSleeper sleeper;
  RetryingHttpClient client(inner, sleeper, fixed_jitter());

  HttpResult result = client.send(request_with("GET"));

  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(result.response.status, 504);
  EXPECT_EQ(result.response.header("x-last"), "1");
  EXPECT_EQ(sleeper.sleeps, (std::vector<double>{0.5, 1.0, 2.0}));
}

TEST(RetryingHttpClientTest, SuccessAndClientErrorsAreNotRetried) {
  for (int code : {200, 404}) {
    ScriptedClient inner({status(code)});
    FakeSleeper sleeper;
    RetryingHttpClient client(inner, sleeper);
    EXPECT_EQ(client.send(request_with("GET")).attempts, 1);
    EXPECT_TRUE(sleeper.sleeps.empty());
  }
}

TEST(RetryingHttpClientTest, RetryAfterBeyondTheCapReturnsAtOnce) {
  ScriptedClient inner({status(429, {{"retry-after", "3600"}})});
  FakeSleeper sleeper;
  RetryingHttpClient client(inner, sleeper, fixed_jitter());

  HttpResult result = client.send(request_with("POST"));

  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(result.response.status, 429);
  EXPECT_TRUE(sleeper.sleeps.empty());
}

TEST(RetryingHttpClientTest, StopsWhenTheRetryBudgetIsSpent) {
  ScriptedClient inner({status(503)});
  FakeSleeper sleeper;
  RetryingHttpClient client(inner, sleeper, fixed_jitter(RetryLimits{.retry_budget_s = 1.6}));

  HttpResult result = client.send(request_with("GET"));

  EXPECT_EQ(sleeper.sleeps, (std::vector<double>{0.5, 1.0}));  // 0.5 + 1 + 2 > 1.6
  EXPECT_EQ(result.attempts, 3);
}

TEST(RetryingHttpClientTest, NeverWaitsPastTheDeadlineAndFitsAttemptsInsideIt) {
  ScriptedClient inner({status(503)});
  FakeSleeper sleeper;
  RetryingHttpClient client(inner, sleeper, fixed_jitter());
  client.set_deadline(sleeper.now() + 1.2);

  HttpResult result = client.send(request_with("GET"));

  EXPECT_EQ(sleeper.sleeps, (std::vector<double>{0.5}));  // a 1 s wait would reach the deadline
  EXPECT_EQ(result.attempts, 2);
  ASSERT_EQ(inner.sent.size(), 2u);
  EXPECT_NEAR(inner.sent[0].total_timeout_s, 1.2, 1e-9);
  EXPECT_NEAR(inner.sent[1].total_timeout_s, 0.7, 1e-9);
}

TEST(RetryingHttpClientTest, SendsNothingOnceTheDeadlineHasPassed) {
  ScriptedClient inner({status(200)});
  FakeSleeper sleeper;
  RetryingHttpClient client(inner, sleeper);
  client.set_deadline(sleeper.now());

  HttpResult result = client.send(request_with("GET"));

  EXPECT_FALSE(result.transport_ok);
  EXPECT_EQ(result.attempts, 0);
  EXPECT_FALSE(result.transport_error.empty());
  EXPECT_TRUE(inner.sent.empty());
}

TEST(RetryingHttpClientTest, DistantDeadlineLeavesTheRequestTimeoutAlone) {
  ScriptedClient inner({status(200)});
  FakeSleeper sleeper;
  RetryingHttpClient client(inner, sleeper);
  client.set_deadline(sleeper.now() + 500);

  client.send(request_with("GET"));

  EXPECT_DOUBLE_EQ(inner.sent.at(0).total_timeout_s, 30);
}

// Each attempt takes `seconds`, or all of its total timeout when that is shorter (a stalled
// server: the attempt times out), on the fake clock; then fails with `failure`.
class SlowClient final : public HttpClient {
 public:
  SlowClient(FakeSleeper& clock, double seconds, HttpResult failure)
      : clock_(clock), seconds_(seconds), failure_(std::move(failure)) {}
  HttpResult send(const HttpRequest& request) override {
    sent.push_back(request);
    clock_.advance(std::min(seconds_, request.total_timeout_s));
    return failure_;
  }
  std::vector<HttpRequest> sent;

 private:
  FakeSleeper& clock_;
  double seconds_;
  HttpResult failure_;
};

HttpResult timed_out() {
  HttpResult result;
  result.transport_error = "Operation timed out";
  return result;
}

HttpRequest request_with_budget(double seconds) {
  HttpRequest request = request_with("GET");
  request.total_timeout_s = seconds;
  return request;
}

TEST(RetryingHttpClientTest, AStalledServerCostsOneTimeoutNotOnePerAttempt) {
  FakeSleeper sleeper;
  SlowClient inner(sleeper, 1000, timed_out());
  RetryingHttpClient client(inner, sleeper, fixed_jitter());
  const double started = sleeper.now();

  HttpResult result = client.send(request_with_budget(30));

  EXPECT_EQ(result.attempts, 1);  // the timeout spent the budget: no retry fits
  EXPECT_TRUE(sleeper.sleeps.empty());
  EXPECT_DOUBLE_EQ(sleeper.now() - started, 30);
  EXPECT_DOUBLE_EQ(inner.sent.at(0).total_timeout_s, 30);
}

TEST(RetryingHttpClientTest, RetriesAndTheirWaitsFitInsideTheCallsBudget) {
  FakeSleeper sleeper;
  SlowClient inner(sleeper, 0.3, status(503));
  RetryingHttpClient client(inner, sleeper, fixed_jitter());
  const double started = sleeper.now();

  HttpResult result = client.send(request_with_budget(2));

  // 0.3 attempt, 0.5 wait, 0.3 attempt; a 1 s wait would leave only 0.9 - 1 s for the third.
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(sleeper.sleeps, (std::vector<double>{0.5}));
  ASSERT_EQ(inner.sent.size(), 2u);
  EXPECT_NEAR(inner.sent[1].total_timeout_s, 1.2, 1e-9);  // what was left of the 2 s
  EXPECT_LE(sleeper.now() - started, 2);
}

TEST(RetryingHttpClientTest, TheRunsDeadlineStillWinsOverALongerBudget) {
  FakeSleeper sleeper;
  SlowClient inner(sleeper, 1000, timed_out());
  RetryingHttpClient client(inner, sleeper, fixed_jitter());
  client.set_deadline(sleeper.now() + 5);

  HttpResult result = client.send(request_with_budget(30));

  EXPECT_EQ(result.attempts, 1);
  EXPECT_DOUBLE_EQ(inner.sent.at(0).total_timeout_s, 5);
}

// The same policy over the real libcurl client and a loopback server.
class RetryOverNetworkTest : public ::testing::Test {
 protected:
  HttpRequest request(std::string method, std::string_view target) {
    HttpRequest request = request_with(std::move(method));
    request.url = server_.url(target);
    return request;
  }
  // Replies with `replies` in order, then 200.
  void script(std::vector<ScriptedReply> replies) {
    // The server copies its handler per request, so the position is shared state.
    auto next = std::make_shared<size_t>(0);
    server_.set_handler([replies, next](const ReceivedRequest&) {
      return *next < replies.size() ? replies[(*next)++] : ScriptedReply{.body = "done"};
    });
  }

  HttpTestServer server_;
  CurlHttpClient curl_;
  FakeSleeper sleeper_;
  RetryingHttpClient client_{curl_, sleeper_};
};

TEST_F(RetryOverNetworkTest, ServiceUnavailableThenSuccess) {
  script({ScriptedReply{.status = 503}});

  HttpResult result = client_.send(request("GET", "/items"));

  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.response.body, "done");
  EXPECT_EQ(result.attempts, 2);
  ASSERT_EQ(sleeper_.sleeps.size(), 1u);
  EXPECT_GE(sleeper_.sleeps[0], 0.25);
  EXPECT_LE(sleeper_.sleeps[0], 0.5);
  EXPECT_EQ(server_.connections(), 1);  // the retry reused the connection
}

TEST_F(RetryOverNetworkTest, RateLimitedPostHonoursRetryAfter) {
  script({ScriptedReply{.status = 429, .headers = {{"Retry-After", "2"}}}});
  HttpRequest post = request("POST", "/batches");
  post.body = R"({"to":["123"]})";

  HttpResult result = client_.send(post);

  EXPECT_EQ(result.response.status, 200);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(sleeper_.sleeps, (std::vector<double>{2.0}));
  std::vector<ReceivedRequest> received = server_.requests();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[1].body, post.body);
}

TEST_F(RetryOverNetworkTest, ServerErrorOnPostIsNotRetried) {
  script({ScriptedReply{.status = 500, .body = "boom"}});

  HttpResult result = client_.send(request("POST", "/batches"));

  EXPECT_EQ(result.response.status, 500);
  EXPECT_EQ(result.response.body, "boom");
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(RetryOverNetworkTest, ExhaustedRetriesReturnTheLastResponse) {
  ScriptedReply busy{.status = 503, .body = "busy"};
  script({busy, busy, busy, busy, busy});

  HttpResult result = client_.send(request("GET", "/items"));

  EXPECT_EQ(result.response.status, 503);
  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(sleeper_.sleeps.size(), 3u);
  EXPECT_EQ(server_.requests().size(), 4u);
}

TEST_F(RetryOverNetworkTest, RetryAfterHttpDateIsHonoured) {
  script({ScriptedReply{.status = 503,
                        .headers = {{"Retry-After", "Tue, 14 Nov 2023 22:30:04 GMT"}}}});
  // FakeSleeper's wall clock starts at 1'700'001'000 = Tue, 14 Nov 2023 22:30:00 GMT.
  HttpResult result = client_.send(request("GET", "/items"));

  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(sleeper_.sleeps, (std::vector<double>{4.0}));
}

TEST_F(RetryOverNetworkTest, ConnectionRefusedIsRetriedThenReported) {
  HttpRequest get = request("GET", "/");
  get.url = "http://127.0.0.1:" + std::to_string(test::unused_loopback_port()) + "/";

  HttpResult result = client_.send(get);

  EXPECT_FALSE(result.transport_ok);
  EXPECT_FALSE(result.transport_error.empty());
  EXPECT_EQ(result.attempts, 4);
  EXPECT_EQ(sleeper_.sleeps.size(), 3u);
}

}  // namespace
}  // namespace kosmo::http
