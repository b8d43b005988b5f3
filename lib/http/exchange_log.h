#pragma once
// The HTTP log of a run (-v and -vv; --log-format json gives the same as fields):
// * info (-v): one line per attempt — caller function and account, method, URL, status (or the
//   transport error), duration, attempt number — and one per retry decision: why, and the wait;
// * debug (-vv): before each attempt the request headers and the first KiB of its body, after
//   it the response headers and the first KiB of the response body.
// Everything passes the run's Redactor first: URLs, header values (sensitive ones replaced
// whole), bodies and libcurl's messages. Logged on the thread that sends, which is the thread
// that registers secrets, so redaction never races a registration.
#include <string>
#include <string_view>

#include "lib/common/log_event.h"
#include "lib/http/exchange_observer.h"
#include "lib/http/redactor.h"

namespace kosmo::http {

class ExchangeLog final : public ExchangeObserver {
 public:
  explicit ExchangeLog(const Redactor& redactor) : redactor_(redactor) {}

  void attempt_starting(const HttpRequest& request, int attempt) override;
  void attempt_finished(const HttpRequest& request, const HttpResult& result, int attempt,
                        double seconds) override;
  void retrying(const HttpRequest& request, const HttpResult& result, int next_attempt,
                double wait_seconds) override;
  void not_retried(const HttpRequest& request, const HttpResult& result, int attempts,
                   std::string_view why) override;
  // A call answered from a cassette (--replay): the one line -v shows for it.
  void replayed(const HttpRequest& request, const HttpResult& result);

 private:
  // "sinch_get_group (account work): GET <url>" and the matching fields.
  std::string head(const HttpRequest& request, log::Fields& fields) const;
  // "HTTP 503 (Retry-After: 1)" or "connection failed: <redacted libcurl message>".
  std::string outcome_text(const HttpResult& result) const;
  // " -> 200" with a status field, or " -> <outcome_text>" with a redacted error field.
  void append_outcome(const HttpResult& result, log::Fields& fields, std::string& text) const;
  void log_debug_details(const HttpRequest& request, const HttpResult* result, int attempt);

  const Redactor& redactor_;
};

}  // namespace kosmo::http
