#include "lib/integrations/http_stack.h"

#include "lib/http/cassette.h"
#include "lib/http/curl_http_client.h"
#include "lib/http/recording_http_client.h"
#include "lib/http/replay_http_client.h"
#include "lib/http/retrying_http_client.h"
#include "lib/http/sleeper.h"

namespace kosmo::integrations {

// The chain for the mode. Live: retries over curl. Recording: the recorder outside the retries,
// so a cassette holds each call's final answer and its attempt count, never the failed attempts
// (replaying those would depend on timing). Replay: the cassette alone, answers as recorded.
struct HttpStack::Clients {
  std::unique_ptr<http::HttpClient> transport;
  std::unique_ptr<http::Sleeper> sleeper;
  std::unique_ptr<http::RetryingHttpClient> retrying;
  std::unique_ptr<http::RecordingHttpClient> recorder;
  http::HttpClient* outermost = nullptr;
};

HttpStack::HttpStack(HttpMode mode, std::function<std::optional<double>()> remaining_seconds,
                     const http::Redactor& redactor)
    : mode_(std::move(mode)),
      remaining_seconds_(std::move(remaining_seconds)),
      redactor_(redactor) {
  if (replaying()) {
    clients_ = std::make_unique<Clients>();
    clients_->transport = std::make_unique<http::ReplayHttpClient>(
        http::load_cassette(mode_.cassette), mode_.cassette.string());
    clients_->outermost = clients_->transport.get();
  }
}

HttpStack::~HttpStack() = default;

http::HttpResult HttpStack::send(const http::HttpRequest& request) {
  if (!clients_) {
    clients_ = std::make_unique<Clients>();
    clients_->transport = std::make_unique<http::CurlHttpClient>();
    clients_->sleeper = std::make_unique<http::RealSleeper>();
    clients_->retrying =
        std::make_unique<http::RetryingHttpClient>(*clients_->transport, *clients_->sleeper);
    clients_->outermost = clients_->retrying.get();
    if (mode_.kind == HttpMode::Kind::kRecord) {
      clients_->recorder =
          std::make_unique<http::RecordingHttpClient>(*clients_->retrying, redactor_);
      clients_->outermost = clients_->recorder.get();
    }
  }
  if (clients_->retrying) {
    std::optional<double> deadline;
    if (remaining_seconds_) {
      if (auto left = remaining_seconds_()) deadline = clients_->sleeper->now() + *left;
    }
    clients_->retrying->set_deadline(deadline);
  }
  return clients_->outermost->send(request);
}

void HttpStack::finish() {
  if (mode_.kind != HttpMode::Kind::kRecord) return;
  if (clients_ && clients_->recorder) {
    clients_->recorder->save(mode_.cassette);
  } else {
    http::RecordingHttpClient nothing_recorded(*this, redactor_);
    nothing_recorded.save(mode_.cassette);
  }
}

}  // namespace kosmo::integrations
