#pragma once
// The HTTP client of one run, per mode: live (libcurl behind the retry policy), recording
// (the same, keeping each call's final exchange for the cassette) or replaying (answers from a
// cassette as recorded, attempts included; no network). libcurl is only loaded on the first
// live request.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "lib/http/http_client.h"
#include "lib/http/redactor.h"

namespace kosmo::integrations {

struct HttpMode {
  enum class Kind { kLive, kRecord, kReplay };
  Kind kind = Kind::kLive;
  std::filesystem::path cassette;  // --record / --replay file
};

class HttpStack final : public http::HttpClient {
 public:
  // Loads the cassette in replay mode (throws http::CassetteError); `redactor` is borrowed.
  HttpStack(HttpMode mode, std::function<std::optional<double>()> remaining_seconds,
            const http::Redactor& redactor);
  ~HttpStack() override;

  http::HttpResult send(const http::HttpRequest& request) override;
  // Writes the cassette when recording (also after failed runs: what was exchanged is kept).
  void finish();
  bool replaying() const { return mode_.kind == HttpMode::Kind::kReplay; }

 private:
  struct Clients;
  HttpMode mode_;
  std::function<std::optional<double>()> remaining_seconds_;
  const http::Redactor& redactor_;
  std::unique_ptr<Clients> clients_;
};

}  // namespace kosmo::integrations
