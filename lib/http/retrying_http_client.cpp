#include "lib/http/retrying_http_client.h"

#include <algorithm>
#include <utility>

#include "lib/common/stop_flag.h"

namespace kosmo::http {

RetryingHttpClient::RetryingHttpClient(HttpClient& inner, Sleeper& sleeper, RetryPolicy policy)
    : inner_(inner), sleeper_(sleeper), policy_(std::move(policy)) {}

std::optional<double> RetryingHttpClient::time_left(const HttpRequest& request, double started,
                                                    int attempts) {
  const double now = sleeper_.now();
  std::optional<double> left;
  if (deadline_) left = *deadline_ - now;
  if (request.total_timeout_s > 0) {
    // Before the first attempt the whole budget is left: not measuring keeps it exact, so a
    // request whose budget is the tighter bound is sent as it is, uncopied.
    const double budget = request.total_timeout_s - (attempts == 0 ? 0 : now - started);
    left = left ? std::min(*left, budget) : budget;
  }
  return left;
}

bool RetryingHttpClient::wait_for_retry(const HttpRequest& request, const HttpResult& result,
                                        int attempts, double started, double& waited) {
  const RetryLimits& limits = policy_.limits();
  if (!RetryPolicy::is_retryable(request, result)) return false;
  // The script was stopped (a limit, SIGINT/SIGTERM): the transfer was aborted for that, and
  // another attempt would be aborted too.
  if (stop_requested_on_this_thread()) return false;
  auto give_up = [&](std::string_view why) {
    if (observer_ != nullptr) observer_->not_retried(request, result, attempts, why);
    return false;
  };
  if (attempts > limits.max_retries) return give_up("no retries left");
  std::optional<double> delay = policy_.delay_before_retry(attempts, result, sleeper_.unix_now());
  if (!delay) return give_up("the server's Retry-After is longer than kosmo waits");
  if (waited + *delay > limits.retry_budget_s) return give_up("the call's retry budget is spent");
  // Waiting until the call's budget or the run's deadline is spent would leave no time for the
  // attempt the wait is for.
  std::optional<double> left = time_left(request, started, attempts);
  if (left && *delay >= *left) {
    return give_up("the wait would outlast the call's timeout or the run's --timeout");
  }
  if (observer_ != nullptr) observer_->retrying(request, result, attempts + 1, *delay);
  sleeper_.sleep(*delay);
  waited += *delay;
  return true;
}

HttpResult RetryingHttpClient::send(const HttpRequest& request) {
  HttpResult result;
  int attempts = 0;
  double waited = 0;
  const double started = sleeper_.now();
  // A copy with a shorter timeout, made only when an attempt needs one, so a large body is not
  // duplicated when the request's own timeout fits.
  std::optional<HttpRequest> shortened;
  do {
    std::optional<double> left = time_left(request, started, attempts);
    if (left && *left <= 0) {
      if (attempts == 0) result.transport_error = "the run's timeout passed before the request";
      break;
    }
    if (observer_ != nullptr) observer_->attempt_starting(request, attempts + 1);
    const double attempt_started = sleeper_.now();
    if (left && (request.total_timeout_s <= 0 || *left < request.total_timeout_s)) {
      if (!shortened) shortened = request;
      shortened->total_timeout_s = *left;
      result = inner_.send(*shortened);
    } else {
      result = inner_.send(request);
    }
    ++attempts;
    if (observer_ != nullptr) {
      observer_->attempt_finished(request, result, attempts, sleeper_.now() - attempt_started);
    }
  } while (wait_for_retry(request, result, attempts, started, waited));
  result.attempts = attempts;
  return result;
}

}  // namespace kosmo::http
