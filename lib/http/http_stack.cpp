#include "lib/http/http_stack.h"

#include "lib/http/cassette.h"
#include "lib/http/curl_http_client.h"
#include "lib/http/exchange_log.h"
#include "lib/http/recording_http_client.h"
#include "lib/http/replay_http_client.h"
#include "lib/http/retrying_http_client.h"
#include "lib/http/sleeper.h"

namespace kosmo::http {

// The chain for the mode. Live: retries over curl. Recording: the recorder outside the retries,
// so a cassette holds each call's final answer and its attempt count, never the failed attempts
// (replaying those would depend on timing). Replay: the cassette alone, answers as recorded.
struct HttpStack::Clients {
  std::unique_ptr<HttpClient> transport;
  std::unique_ptr<Sleeper> sleeper;
  std::unique_ptr<RetryingHttpClient> retrying;
  std::unique_ptr<RecordingHttpClient> recorder;
  HttpClient* outermost = nullptr;
  std::unique_ptr<ExchangeLog> log;
};

HttpMode HttpMode::of(const RunFlags& flags) {
  if (flags.replaying()) return {Kind::kReplay, flags.replay};
  if (flags.recording()) return {Kind::kRecord, flags.record};
  return {};
}

HttpStack::HttpStack(HttpMode mode, Deadline deadline, const Redactor& redactor)
    : mode_(std::move(mode)), deadline_(deadline), redactor_(redactor) {
  if (replaying()) {
    clients_ = std::make_unique<Clients>();
    clients_->transport = std::make_unique<ReplayHttpClient>(
        load_cassette(mode_.cassette), mode_.cassette.string());
    clients_->outermost = clients_->transport.get();
    clients_->log = std::make_unique<ExchangeLog>(redactor_);
  }
}

HttpStack::~HttpStack() = default;

HttpResult HttpStack::send(const HttpRequest& request) {
  if (!clients_) {
    clients_ = std::make_unique<Clients>();
    clients_->transport = std::make_unique<CurlHttpClient>();
    clients_->sleeper = std::make_unique<RealSleeper>();
    clients_->retrying =
        std::make_unique<RetryingHttpClient>(*clients_->transport, *clients_->sleeper);
    clients_->outermost = clients_->retrying.get();
    clients_->log = std::make_unique<ExchangeLog>(redactor_);
    clients_->retrying->set_observer(clients_->log.get());
    if (mode_.kind == HttpMode::Kind::kRecord) {
      clients_->recorder =
          std::make_unique<RecordingHttpClient>(*clients_->retrying, redactor_);
      clients_->outermost = clients_->recorder.get();
    }
  }
  if (clients_->retrying) {
    std::optional<double> deadline;
    if (auto left = deadline_.remaining()) deadline = clients_->sleeper->now() + *left;
    clients_->retrying->set_deadline(deadline);
  }
  if (!replaying()) return clients_->outermost->send(request);
  HttpResult result = clients_->outermost->send(request);
  clients_->log->replayed(request, result);
  return result;
}

void HttpStack::finish() {
  if (mode_.kind != HttpMode::Kind::kRecord) return;
  if (clients_ && clients_->recorder) {
    clients_->recorder->save(mode_.cassette);
  } else {
    RecordingHttpClient nothing_recorded(*this, redactor_);
    nothing_recorded.save(mode_.cassette);
  }
}

}  // namespace kosmo::http
