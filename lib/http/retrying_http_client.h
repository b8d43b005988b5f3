#pragma once
// An HttpClient decorator that applies a RetryPolicy over another client and reports how many
// attempts one send() took (HttpResult::attempts, shown in the call log).
#include <optional>

#include "lib/http/http_client.h"
#include "lib/http/retry_policy.h"
#include "lib/http/sleeper.h"

namespace kosmo::http {

class RetryingHttpClient final : public HttpClient {
 public:
  // `inner` and `sleeper` are borrowed and must outlive this client.
  RetryingHttpClient(HttpClient& inner, Sleeper& sleeper, RetryPolicy policy = RetryPolicy());

  // The run's wall-clock bound (--timeout), on the sleeper's now() clock. No wait goes past it,
  // and each attempt's total timeout is cut to the time left, since a blocked transfer is the
  // one place the run's own timer cannot interrupt.
  void set_deadline(std::optional<double> deadline) { deadline_ = deadline; }

  // The last attempt's result. When the deadline has already passed nothing is sent: the result
  // is a transport error with attempts = 0.
  HttpResult send(const HttpRequest& request) override;

 private:
  // Seconds left before the deadline, if there is one.
  std::optional<double> time_left();
  // Whether to retry after `result` (attempt number `attempts`), and if so waits first.
  bool wait_for_retry(const HttpRequest& request, const HttpResult& result, int attempts,
                      double& waited);

  HttpClient& inner_;
  Sleeper& sleeper_;
  RetryPolicy policy_;
  std::optional<double> deadline_;
};

}  // namespace kosmo::http
