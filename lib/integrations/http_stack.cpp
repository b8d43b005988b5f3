#include "lib/integrations/http_stack.h"

#include "lib/http/cassette.h"
#include "lib/http/curl_http_client.h"
#include "lib/http/recording_http_client.h"
#include "lib/http/replay_http_client.h"
#include "lib/http/retrying_http_client.h"
#include "lib/http/sleeper.h"

namespace kosmo::integrations {
namespace {

// Replayed retries need no waiting: the server's answer is already on disk.
class NoWaitSleeper final : public http::Sleeper {
 public:
  double now() override { return clock_.now(); }
  double unix_now() override { return clock_.unix_now(); }
  void sleep(double) override {}

 private:
  http::RealSleeper clock_;
};

}  // namespace

// The chain for the mode, innermost first: transport (curl or replay), recorder, retries.
struct HttpStack::Clients {
  std::unique_ptr<http::HttpClient> transport;
  std::unique_ptr<http::RecordingHttpClient> recorder;
  std::unique_ptr<http::Sleeper> sleeper;
  std::unique_ptr<http::RetryingHttpClient> retrying;
};

HttpStack::HttpStack(HttpMode mode, std::function<std::optional<double>()> remaining_seconds,
                     const http::Redactor& redactor)
    : mode_(std::move(mode)), remaining_seconds_(std::move(remaining_seconds)), redactor_(redactor) {
  if (replaying()) {
    clients_ = std::make_unique<Clients>();
    clients_->transport = std::make_unique<http::ReplayHttpClient>(
        http::load_cassette(mode_.cassette), mode_.cassette.string());
    clients_->sleeper = std::make_unique<NoWaitSleeper>();
    clients_->retrying =
        std::make_unique<http::RetryingHttpClient>(*clients_->transport, *clients_->sleeper);
  }
}

HttpStack::~HttpStack() = default;

http::HttpResult HttpStack::send(const http::HttpRequest& request) {
  if (!clients_) {
    clients_ = std::make_unique<Clients>();
    clients_->transport = std::make_unique<http::CurlHttpClient>();
    http::HttpClient* inner = clients_->transport.get();
    if (mode_.kind == HttpMode::Kind::kRecord) {
      clients_->recorder = std::make_unique<http::RecordingHttpClient>(*inner, redactor_);
      inner = clients_->recorder.get();
    }
    clients_->sleeper = std::make_unique<http::RealSleeper>();
    clients_->retrying = std::make_unique<http::RetryingHttpClient>(*inner, *clients_->sleeper);
  }
  std::optional<double> deadline;
  if (remaining_seconds_) {
    if (auto left = remaining_seconds_()) deadline = clients_->sleeper->now() + *left;
  }
  clients_->retrying->set_deadline(deadline);
  return clients_->retrying->send(request);
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
