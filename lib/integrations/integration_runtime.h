#pragma once
// Serves app.integrations.* calls (the lua::Dispatcher for integrations): resolves the path to
// an integration, account and function; checks that the integration is enabled and configured,
// the read/write policy and the arguments; then sends the request built from the manifest (or
// describes it, for a dry-run write) and turns the response into data or an error message in
// the vendor's format. Credentials never leave it unredacted.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "lib/common/deadline.h"
#include "lib/common/outcome.h"
#include "lib/common/run_flags.h"
#include "lib/config/configuration.h"
#include "lib/http/http_client.h"
#include "lib/http/redactor.h"
#include "lib/integrations/catalog.h"
#include "lib/integrations/url_builder.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

struct RuntimeOptions {
  // --force and --dry-run decide with the policy; under --replay answers come from a cassette,
  // so credentials are not required.
  RunFlags flags;
  Deadline deadline;  // the run's --timeout; bounds every request
  // The largest response body a call accepts (0: no limit). The Lua commands pass the memory
  // limit: a body that cannot fit in the script's heap is refused as it arrives, instead of
  // being held in full, parsed, and only then failing in the allocator.
  size_t max_response_bytes = 0;
};

// Where the runtime's inputs come from. The catalog is loaded on the first call (start-up stays
// cheap); a catalog or configuration that failed to load makes every call fail with
// config_error instead of failing runs that never touch an integration. All borrowed.
struct RuntimeSources {
  std::function<const Outcome<Catalog>&()> catalog;
  const config::Configuration* config = nullptr;
  http::HttpClient* http = nullptr;    // the run's HTTP stack (loads libcurl on first use)
  http::Redactor* redactor = nullptr;  // learns every credential a call uses
};

class IntegrationRuntime : public lua::Dispatcher {
 public:
  IntegrationRuntime(RuntimeSources sources, RuntimeOptions options);
  ~IntegrationRuntime() override;

  // `request.path` is {"integrations", <name>, [<account>,] <function>}.
  lua::CallOutcome call(const lua::CallRequest& request) override;
  // The function's manifest `paging`; nothing is checked beyond the name (each page's call
  // goes through call(), policy and arguments included).
  Outcome<std::unique_ptr<lua::PageWalker>> page_walker(const lua::CallRequest& request) override;

 private:
  struct Target;
  // What calls through one account of one integration may use, worked out on its first call:
  // resolving credentials reads the environment and config for every field and account.
  struct AccountAccess {
    std::optional<std::string> unavailable;     // why calls cannot be made (not_configured)
    std::optional<std::string> config_problem;  // an undecryptable stored value (config_error)
    Credentials credentials;
  };

  std::optional<Failure> resolve(const lua::CallRequest& request, Target& target);
  std::optional<Failure> admit(Target& target);
  // The policy's decision for target.function, kept in the target; a refusal is returned.
  std::optional<Failure> decide(Target& target) const;
  const AccountAccess& access(const Manifest& manifest, const std::string& account);
  // build_base_url for the target's function and account, built on the first call through them.
  Outcome<const std::string*> base_url(const Target& target);
  void perform(const Target& target, const rapidjson::Value& arguments, lua::CallOutcome& outcome);
  void perform_other(const Target& target, const Function& function,
                     const rapidjson::Value& arguments, lua::CallOutcome& outcome);

  RuntimeSources sources_;
  RuntimeOptions options_;
  std::map<std::pair<std::string, std::string>, AccountAccess> accounts_;
  // The policy's decisions by integration and operation: neither the policy nor the run's flags
  // change during a run, and deciding reads the policy's rules by name.
  mutable std::map<std::pair<const Manifest*, config::Operation>, config::PermissionDecision>
      decisions_;
  // Base URLs by function and account (its credentials, which accounts_ never moves): they
  // depend on nothing else, and building one fills two templates per call.
  std::map<std::pair<const Function*, const Credentials*>, std::string> base_urls_;
  // Function slug and field of each pass-through already warned about: a loop of calls with the
  // same undeclared field warns once, not once per call.
  std::set<std::pair<std::string, std::string>> passthrough_warned_;
};

}  // namespace kosmo::integrations
