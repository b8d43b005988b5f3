#pragma once
// An HttpClient decorator that applies a RetryPolicy over another client and reports how many
// attempts one send() took (HttpResult::attempts, shown in the call log).
//
// A request's total_timeout_s is the budget of the whole call, not of each attempt: every
// attempt and every wait before a retry fit inside it. A server that stalls therefore costs one
// timeout, not one per attempt (a 30 s timeout with three retries once took two minutes), and a
// retry happens only while time is left for it. The first attempt gets the whole budget.
#include <optional>

#include "lib/http/exchange_observer.h"
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
  // Told about every attempt and retry decision (the -v log); borrowed, may be null.
  void set_observer(ExchangeObserver* observer) { observer_ = observer; }

  // The last attempt's result. When the deadline has already passed nothing is sent: the result
  // is a transport error with attempts = 0.
  HttpResult send(const HttpRequest& request) override;

 private:
  // The seconds one call still has: what is left of the request's budget (counted from
  // `started`, the first attempt's start) and of the run's deadline, whichever is less; none
  // when neither bounds it.
  std::optional<double> time_left(const HttpRequest& request, double started, int attempts);
  // Whether to retry after `result` (attempt number `attempts`), and if so waits first.
  bool wait_for_retry(const HttpRequest& request, const HttpResult& result, int attempts,
                      double started, double& waited);

  HttpClient& inner_;
  Sleeper& sleeper_;
  RetryPolicy policy_;
  std::optional<double> deadline_;
  ExchangeObserver* observer_ = nullptr;
};

}  // namespace kosmo::http
