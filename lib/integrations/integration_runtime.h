#pragma once
// Serves app.integrations.* calls (the lua::Dispatcher for integrations): resolves the path to
// an integration, account and function; checks that the integration is enabled and configured,
// the read/write policy and the arguments; then sends the request built from the manifest (or
// describes it, for a dry-run write) and turns the response into data or an error message in
// the vendor's format. Credentials never leave it unredacted.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "lib/config/environment.h"
#include "lib/config/kosmo_config.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/integrations/catalog.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

struct RuntimeOptions {
  bool force = false;    // bypass ask/deny
  bool dry_run = false;  // writes are described, not sent
  // Seconds left before the run's --timeout, if any; bounds every request.
  std::function<std::optional<double>()> remaining_seconds;
};

// Creates the HTTP client on first use, so runs that never call out never load libcurl.
using HttpClientFactory = std::function<std::unique_ptr<http::HttpClient>()>;

// Where the runtime's inputs come from. The catalog and configuration are loaded on the first
// call (start-up stays cheap); a configuration that failed to load makes every call fail with
// config_error instead of failing runs that never touch an integration.
struct RuntimeSources {
  std::function<const Catalog&()> catalog;
  const config::KosmoConfig* config = nullptr;  // null when it failed to load
  std::string config_error;                     // why, when it failed
  const config::Environment* environment = nullptr;
  HttpClientFactory http_factory;
};

class IntegrationRuntime : public lua::Dispatcher {
 public:
  IntegrationRuntime(RuntimeSources sources, RuntimeOptions options);
  ~IntegrationRuntime() override;

  // `request.path` is {"integrations", <name>, [<account>,] <function>}.
  lua::CallOutcome call(const lua::CallRequest& request) override;

  // Every credential any call so far used, for redacting text produced elsewhere.
  const http::Redactor& redactor() const { return redactor_; }

 private:
  struct Target;
  bool resolve(const lua::CallRequest& request, Target& target, lua::CallOutcome& outcome);
  bool admit(const Target& target, lua::CallOutcome& outcome);
  void perform(const Target& target, const rapidjson::Value& arguments,
               lua::CallOutcome& outcome);
  http::HttpClient& http();

  RuntimeSources sources_;
  RuntimeOptions options_;
  std::unique_ptr<http::HttpClient> http_;
  http::Redactor redactor_;
};

// libcurl behind the retry policy, each request bounded by `remaining_seconds`.
HttpClientFactory default_http_factory(std::function<std::optional<double>()> remaining_seconds);

}  // namespace kosmo::integrations
