#include <gtest/gtest.h>

#include <string>

#include "lib/http/retry_policy.h"

namespace kosmo::http {
namespace {

HttpRequest request_with(std::string method) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = "https://api.example.com/v1/x";
  return request;
}

HttpResult response_with(int status, HeaderList headers = {}) {
  HttpResult result;
  result.transport_ok = true;
  result.response.status = status;
  result.response.headers = std::move(headers);
  return result;
}

HttpResult transport_failure() {
  HttpResult result;
  result.transport_error = "Connection refused";
  return result;
}

RetryPolicy policy_with_jitter(double jitter) {
  return RetryPolicy(RetryLimits{}, [jitter] { return jitter; });
}

TEST(RetryPolicyTest, IdempotentMethods) {
  for (const char* method : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}) {
    EXPECT_TRUE(RetryPolicy::is_idempotent(method)) << method;
  }
  for (const char* method : {"POST", "PATCH", "get"}) {
    EXPECT_FALSE(RetryPolicy::is_idempotent(method)) << method;
  }
}

TEST(RetryPolicyTest, IdempotentRequestsRetryTransportErrorsAndTransientStatuses) {
  HttpRequest get = request_with("GET");
  EXPECT_TRUE(RetryPolicy::is_retryable(get, transport_failure()));
  for (int status : {408, 429, 500, 502, 503, 504}) {
    EXPECT_TRUE(RetryPolicy::is_retryable(get, response_with(status))) << status;
  }
  for (int status : {200, 201, 301, 400, 401, 403, 404, 409, 422, 501, 505}) {
    EXPECT_FALSE(RetryPolicy::is_retryable(get, response_with(status))) << status;
  }
}

TEST(RetryPolicyTest, NonIdempotentRequestsRetryOnlyRateLimits) {
  for (const char* method : {"POST", "PATCH"}) {
    HttpRequest request = request_with(method);
    EXPECT_TRUE(RetryPolicy::is_retryable(request, response_with(429))) << method;
    EXPECT_FALSE(RetryPolicy::is_retryable(request, transport_failure())) << method;
    for (int status : {408, 500, 502, 503, 504}) {
      EXPECT_FALSE(RetryPolicy::is_retryable(request, response_with(status))) << status;
    }
  }
}

TEST(RetryPolicyTest, BestEffortRequestsAreNeverRetried) {
  HttpRequest request = request_with("DELETE");
  request.retry_allowed = false;
  EXPECT_FALSE(RetryPolicy::is_retryable(request, transport_failure()));
  EXPECT_FALSE(RetryPolicy::is_retryable(request, response_with(503)));
  EXPECT_FALSE(RetryPolicy::is_retryable(request, response_with(429)));
}

TEST(RetryPolicyTest, BackoffDoublesFromHalfASecondWithEqualJitter) {
  RetryPolicy low = policy_with_jitter(0.0);
  RetryPolicy high = policy_with_jitter(1.0);
  HttpResult busy = response_with(503);
  EXPECT_DOUBLE_EQ(*low.delay_before_retry(1, busy, 0), 0.25);
  EXPECT_DOUBLE_EQ(*low.delay_before_retry(2, busy, 0), 0.5);
  EXPECT_DOUBLE_EQ(*low.delay_before_retry(3, busy, 0), 1.0);
  EXPECT_DOUBLE_EQ(*high.delay_before_retry(1, busy, 0), 0.5);
  EXPECT_DOUBLE_EQ(*high.delay_before_retry(2, busy, 0), 1.0);
  EXPECT_DOUBLE_EQ(*high.delay_before_retry(3, busy, 0), 2.0);
}

TEST(RetryPolicyTest, DefaultRandomSourceStaysWithinTheJitterBounds) {
  RetryPolicy policy;
  HttpResult busy = response_with(503);
  double first = *policy.delay_before_retry(1, busy, 0);
  bool varied = false;
  for (int i = 0; i < 200; ++i) {
    double delay = *policy.delay_before_retry(1, busy, 0);
    EXPECT_GE(delay, 0.25);
    EXPECT_LE(delay, 0.5);
    varied = varied || delay != first;
  }
  EXPECT_TRUE(varied);
}

TEST(RetryPolicyTest, RetryAfterSecondsWinsWhenLonger) {
  RetryPolicy policy = policy_with_jitter(0.5);
  EXPECT_DOUBLE_EQ(*policy.delay_before_retry(1, response_with(429, {{"retry-after", "2"}}), 0), 2);
  // A shorter request does not shorten the backoff.
  EXPECT_DOUBLE_EQ(*policy.delay_before_retry(3, response_with(429, {{"retry-after", "0"}}), 0),
                   1.5);
  // Unparseable advice is ignored.
  EXPECT_DOUBLE_EQ(*policy.delay_before_retry(1, response_with(503, {{"retry-after", "x"}}), 0),
                   0.375);
}

TEST(RetryPolicyTest, RetryAfterDateIsMeasuredFromTheWallClock) {
  RetryPolicy policy = policy_with_jitter(0.0);
  HttpResult limited = response_with(429, {{"retry-after", "Sun, 06 Nov 1994 08:49:37 GMT"}});
  EXPECT_DOUBLE_EQ(*policy.delay_before_retry(1, limited, 784111777 - 7), 7.0);
}

TEST(RetryPolicyTest, RetryAfterBeyondTheCapEndsRetrying) {
  RetryPolicy policy = policy_with_jitter(0.0);
  EXPECT_EQ(policy.delay_before_retry(1, response_with(429, {{"retry-after", "31"}}), 0),
            std::nullopt);
  EXPECT_DOUBLE_EQ(*policy.delay_before_retry(1, response_with(429, {{"retry-after", "30"}}), 0),
                   30.0);
}

TEST(RetryPolicyTest, BackoffItselfIsCappedAtTheLongestWait) {
  RetryPolicy policy(RetryLimits{.max_retries = 10, .max_wait_s = 3}, [] { return 1.0; });
  EXPECT_DOUBLE_EQ(*policy.delay_before_retry(8, response_with(503), 0), 3.0);
}

}  // namespace
}  // namespace kosmo::http
