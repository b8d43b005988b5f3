// The production HTTP stack of a run: one libcurl client (connections reused across calls)
// behind the retry policy, with the run's --timeout as the deadline of every exchange.
#include "lib/http/curl_http_client.h"
#include "lib/http/retrying_http_client.h"
#include "lib/http/sleeper.h"
#include "lib/integrations/integration_runtime.h"

namespace kosmo::integrations {
namespace {

class RetryingCurlClient final : public http::HttpClient {
 public:
  explicit RetryingCurlClient(std::function<std::optional<double>()> remaining_seconds)
      : remaining_seconds_(std::move(remaining_seconds)) {}

  http::HttpResult send(const http::HttpRequest& request) override {
    std::optional<double> deadline;
    if (remaining_seconds_) {
      if (auto left = remaining_seconds_()) deadline = sleeper_.now() + *left;
    }
    retrying_.set_deadline(deadline);
    return retrying_.send(request);
  }

 private:
  std::function<std::optional<double>()> remaining_seconds_;
  http::CurlHttpClient curl_;
  http::RealSleeper sleeper_;
  http::RetryingHttpClient retrying_{curl_, sleeper_};
};

}  // namespace

HttpClientFactory default_http_factory(std::function<std::optional<double>()> remaining_seconds) {
  return [remaining_seconds]() -> std::unique_ptr<http::HttpClient> {
    return std::make_unique<RetryingCurlClient>(remaining_seconds);
  };
}

}  // namespace kosmo::integrations
