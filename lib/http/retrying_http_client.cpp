#include "lib/http/retrying_http_client.h"

#include <utility>

namespace kosmo::http {

RetryingHttpClient::RetryingHttpClient(HttpClient& inner, Sleeper& sleeper, RetryPolicy policy)
    : inner_(inner), sleeper_(sleeper), policy_(std::move(policy)) {}

std::optional<double> RetryingHttpClient::time_left() {
  if (!deadline_) return std::nullopt;
  return *deadline_ - sleeper_.now();
}

bool RetryingHttpClient::wait_for_retry(const HttpRequest& request, const HttpResult& result,
                                        int attempts, double& waited) {
  const RetryLimits& limits = policy_.limits();
  if (attempts > limits.max_retries || !RetryPolicy::is_retryable(request, result)) return false;
  std::optional<double> delay = policy_.delay_before_retry(attempts, result, sleeper_.unix_now());
  if (!delay || waited + *delay > limits.retry_budget_s) return false;
  // Waiting until the deadline would leave no time for the attempt the wait is for.
  std::optional<double> left = time_left();
  if (left && *delay >= *left) return false;
  sleeper_.sleep(*delay);
  waited += *delay;
  return true;
}

HttpResult RetryingHttpClient::send(const HttpRequest& request) {
  HttpResult result;
  int attempts = 0;
  double waited = 0;
  do {
    std::optional<double> left = time_left();
    if (left && *left <= 0) {
      if (attempts == 0) result.transport_error = "the run's timeout passed before the request";
      break;
    }
    // Copied only when the deadline is closer than the request's own timeout, so a large body
    // is not duplicated on every attempt.
    if (left && (request.total_timeout_s <= 0 || *left < request.total_timeout_s)) {
      HttpRequest bounded = request;
      bounded.total_timeout_s = *left;
      result = inner_.send(bounded);
    } else {
      result = inner_.send(request);
    }
    ++attempts;
  } while (wait_for_retry(request, result, attempts, waited));
  result.attempts = attempts;
  return result;
}

}  // namespace kosmo::http
