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
  bool replay = false;   // answers come from a cassette: credentials are not required
  // Seconds left before the run's --timeout, if any; bounds every request.
  std::function<std::optional<double>()> remaining_seconds;
  // The largest response body a call accepts (0: no limit). The Lua commands pass the memory
  // limit: a body that cannot fit in the script's heap is refused as it arrives, instead of
  // being held in full, parsed, and only then failing in the allocator.
  size_t max_response_bytes = 0;
};

// Where the runtime's inputs come from. The catalog and configuration are loaded on the first
// call (start-up stays cheap); a catalog or configuration that failed to load makes every call
// fail with config_error instead of failing runs that never touch an integration.
struct RuntimeSources {
  std::function<const Outcome<Catalog>&()> catalog;
  const config::KosmoConfig* config = nullptr;  // null when it failed to load
  std::string config_error;                     // why, when it failed
  const config::Environment* environment = nullptr;
  http::HttpClient* http = nullptr;    // the run's HTTP stack (loads libcurl on first use)
  http::Redactor* redactor = nullptr;  // learns every credential a call uses
};

class IntegrationRuntime : public lua::Dispatcher {
 public:
  IntegrationRuntime(RuntimeSources sources, RuntimeOptions options);
  ~IntegrationRuntime() override;

  // `request.path` is {"integrations", <name>, [<account>,] <function>}.
  lua::CallOutcome call(const lua::CallRequest& request) override;

 private:
  struct Target;
  bool resolve(const lua::CallRequest& request, Target& target, lua::CallOutcome& outcome);
  bool admit(const Target& target, lua::CallOutcome& outcome);
  void perform(const Target& target, const rapidjson::Value& arguments, lua::CallOutcome& outcome);
  void perform_other(const Target& target, const Function& function,
                     const rapidjson::Value& arguments, lua::CallOutcome& outcome);

  RuntimeSources sources_;
  RuntimeOptions options_;
};

}  // namespace kosmo::integrations
