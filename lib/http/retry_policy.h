#pragma once
// When a failed exchange is worth another attempt, and how long to wait first (product spec §7).
//
// Retried: transport failures and 408/429/500/502/503/504 for idempotent methods (GET, HEAD,
// PUT, DELETE, OPTIONS); 429 for every method, since a rate-limited request was not processed.
// A POST that failed any other way may have taken effect, so it is never repeated.
//
// Waits use exponential backoff with "equal jitter": retry n waits
// base = initial * 2^(n-1) scaled into [base/2, base), so 0.25-0.5 s, 0.5-1 s, 1-2 s by default.
// Half of the wait stays fixed, so retries are never immediate; the other half spreads out
// clients that failed together. A Retry-After the server sends is honoured when it is longer.
#include <functional>
#include <optional>
#include <string_view>

#include "lib/http/http_client.h"

namespace kosmo::http {

struct RetryLimits {
  int max_retries = 3;  // so at most 4 attempts
  double initial_backoff_s = 0.5;
  // The longest single wait. A Retry-After asking for more ends the retries instead of being
  // shortened: retrying before the server said it would be ready only earns another refusal.
  double max_wait_s = 30;
  double retry_budget_s = 60;  // total waiting for one send(); no retry would exceed it
};

// Uniform doubles in [0, 1); injectable so tests can pin the jitter.
using RandomSource = std::function<double()>;

class RetryPolicy {
 public:
  // An empty `random` uses a Mersenne Twister seeded from std::random_device on first use.
  explicit RetryPolicy(RetryLimits limits = {}, RandomSource random = {});

  static bool is_idempotent(std::string_view method);
  // Whether this outcome may be retried at all; counts and time are the caller's business.
  static bool is_retryable(const HttpRequest& request, const HttpResult& result);

  // The wait before retry number `retry` (1 = the first retry): the jittered backoff, or the
  // response's Retry-After when that is longer. nullopt when Retry-After exceeds max_wait_s.
  // `unix_now` resolves Retry-After HTTP-dates.
  std::optional<double> delay_before_retry(int retry, const HttpResult& result, double unix_now);

  const RetryLimits& limits() const { return limits_; }

 private:
  RetryLimits limits_;
  RandomSource random_;
};

}  // namespace kosmo::http
