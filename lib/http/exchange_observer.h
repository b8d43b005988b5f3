#pragma once
// What RetryingHttpClient reports about each call as it happens, for the -v/-vv log
// (exchange_log.h): every attempt, every retry with its wait, and a retryable failure that was
// not retried with the reason. An interface so the retry loop stays free of formatting and tests
// can collect the reports.
#include <string_view>

#include "lib/http/http_client.h"

namespace kosmo::http {

class ExchangeObserver {
 public:
  virtual ~ExchangeObserver();
  // Attempt number `attempt` (1 = the first) of `request` is about to be sent.
  virtual void attempt_starting(const HttpRequest& request, int attempt) = 0;
  // It ended with `result` after `seconds`.
  virtual void attempt_finished(const HttpRequest& request, const HttpResult& result, int attempt,
                                double seconds) = 0;
  // `result` is retried: attempt `next_attempt` follows after waiting `wait_seconds`.
  virtual void retrying(const HttpRequest& request, const HttpResult& result, int next_attempt,
                        double wait_seconds) = 0;
  // `result` could have been retried but is not, because `why`; it is the call's answer.
  virtual void not_retried(const HttpRequest& request, const HttpResult& result, int attempts,
                           std::string_view why) = 0;
};

}  // namespace kosmo::http
