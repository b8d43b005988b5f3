#include "lib/http/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

#include "lib/http/retry_after.h"

namespace kosmo::http {
namespace {

RandomSource default_random_source() {
  // Shared so copies of a policy draw from one stream; seeded lazily so building a policy costs
  // nothing on runs that never retry.
  auto engine = std::make_shared<std::optional<std::mt19937_64>>();
  return [engine]() {
    if (!engine->has_value()) engine->emplace(std::random_device{}());
    return std::uniform_real_distribution<double>(0.0, 1.0)(**engine);
  };
}

bool is_retryable_status(int status) {
  switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

}  // namespace

RetryPolicy::RetryPolicy(RetryLimits limits, RandomSource random)
    : limits_(limits), random_(random ? std::move(random) : default_random_source()) {}

bool RetryPolicy::is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
         method == "OPTIONS";
}

bool RetryPolicy::is_retryable(const HttpRequest& request, const HttpResult& result) {
  if (!request.retry_allowed || result.body_too_large) return false;
  if (result.transport_ok && result.response.status == 429) return true;
  if (!is_idempotent(request.method)) return false;
  return !result.transport_ok || is_retryable_status(result.response.status);
}

std::optional<double> RetryPolicy::delay_before_retry(int retry, const HttpResult& result,
                                                      double unix_now) {
  double base = limits_.initial_backoff_s * std::pow(2.0, std::max(0, retry - 1));
  double jitter = std::clamp(random_(), 0.0, 1.0);
  double delay = std::min(base / 2 + base / 2 * jitter, limits_.max_wait_s);
  if (result.transport_ok) {
    std::optional<double> asked =
        parse_retry_after(result.response.header("retry-after"), unix_now);
    if (asked && *asked > limits_.max_wait_s) return std::nullopt;
    if (asked) delay = std::max(delay, *asked);
  }
  return delay;
}

}  // namespace kosmo::http
