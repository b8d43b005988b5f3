#pragma once
// The HTTP client of one run, for integrations and Streamable HTTP MCP servers alike, per mode:
// live (libcurl behind the retry policy), recording (the same, keeping each call's final
// exchange for the cassette) or replaying (answers from a cassette as recorded, attempts
// included; no network). libcurl is only loaded on the first live request, so a run that makes
// none never pays for it.
#include <filesystem>
#include <memory>

#include "lib/common/deadline.h"
#include "lib/common/run_flags.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"

namespace kosmo::http {

struct HttpMode {
  enum class Kind { kLive, kRecord, kReplay };
  Kind kind = Kind::kLive;
  std::filesystem::path cassette;  // --record / --replay file

  // --replay wins over --record; callers reject giving both before a run starts.
  static HttpMode of(const RunFlags& flags);
};

class HttpStack final : public HttpClient {
 public:
  // Loads the cassette in replay mode (throws CassetteError). Every request is bounded by
  // `deadline`; `redactor` is borrowed and keeps credentials out of the cassette.
  HttpStack(HttpMode mode, Deadline deadline, const Redactor& redactor);
  ~HttpStack() override;

  HttpResult send(const HttpRequest& request) override;
  // Writes the cassette when recording (also after failed runs: what was exchanged is kept).
  // Throws config::AtomicWriteError when it cannot be written.
  void finish();
  bool replaying() const { return mode_.kind == HttpMode::Kind::kReplay; }

 private:
  struct Clients;
  HttpMode mode_;
  Deadline deadline_;
  const Redactor& redactor_;
  std::unique_ptr<Clients> clients_;
};

}  // namespace kosmo::http
