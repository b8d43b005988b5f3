#pragma once
// --record: passes every request to the real client and keeps the exchange; save() writes the
// cassette with every secret the Redactor knows replaced by <redacted>.
#include <filesystem>
#include <vector>

#include "lib/http/cassette.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"

namespace kosmo::http {

class RecordingHttpClient final : public HttpClient {
 public:
  // `inner` and `redactor` are borrowed and must outlive this client.
  RecordingHttpClient(HttpClient& inner, const Redactor& redactor)
      : inner_(inner), redactor_(redactor) {}

  HttpResult send(const HttpRequest& request) override;
  // Atomically writes every exchange so far to `file` (mode 0600).
  void save(const std::filesystem::path& file) const;

 private:
  HttpClient& inner_;
  const Redactor& redactor_;
  std::vector<Interaction> interactions_;
};

}  // namespace kosmo::http
