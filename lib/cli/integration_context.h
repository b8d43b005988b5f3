#pragma once
// What every integrations command shares: the catalog (loaded on first use), the user's
// config.yaml (a load failure is kept and reported by whatever needs the config), the process
// environment, and a factory for the runtime that serves app.integrations.* calls.
#include <memory>
#include <optional>
#include <string>

#include "lib/config/environment.h"
#include "lib/config/kosmo_config.h"
#include "lib/http/redactor.h"
#include "lib/integrations/catalog.h"
#include "lib/integrations/http_stack.h"
#include "lib/integrations/integration_runtime.h"
#include "lib/lua/doc_registry.h"
#include "lib/mcp/mcp_runtime.h"

namespace kosmo::cli {

// --record FILE / --replay FILE as an HTTP mode (callers reject giving both).
integrations::HttpMode http_mode_from(const std::string& record, const std::string& replay);

class IntegrationContext {
 public:
  IntegrationContext();

  // Loaded on first use. A failure (an invalid user manifest) is a config_error for every
  // command and call that needs the catalog.
  const Outcome<integrations::Catalog>& catalog();
  // Null when config.yaml could not be loaded; config_error() says why.
  const config::KosmoConfig* config() const { return config_ ? &*config_ : nullptr; }
  const std::string& config_error() const { return config_error_; }
  const config::Environment& environment() const { return environment_; }

  // "configured", "not configured" or "disabled" for the default account.
  std::string status_of(const integrations::Manifest& manifest) const;
  // The docs registry of integrations:lua and integrations:docs: guides plus the catalog.
  lua::DocRegistry make_doc_registry();

  // The runtime of this run and its HTTP stack. In replay mode the cassette is loaded here and
  // an unreadable one throws http::CassetteError (config_error).
  std::unique_ptr<integrations::IntegrationRuntime> make_runtime(
      integrations::RuntimeOptions options, integrations::HttpMode mode = {});
  // Ends the run's HTTP: writes the cassette when recording.
  void finish_http();
  // The run's HTTP stack (also used by Streamable HTTP MCP servers); null before make_runtime.
  http::HttpClient* http() { return http_.get(); }
  // The MCP runtime of this run over the configured servers (config warnings are logged).
  std::unique_ptr<mcp::McpRuntime> make_mcp_runtime(mcp::McpRuntimeOptions options);
  // Every credential the run used, for keeping them out of everything kosmo writes.
  const http::Redactor& redactor() const { return redactor_; }

 private:
  const config::Environment& environment_;
  std::optional<config::KosmoConfig> config_;
  std::string config_error_;
  std::optional<Outcome<integrations::Catalog>> catalog_;
  http::Redactor redactor_;
  std::unique_ptr<integrations::HttpStack> http_;
};

}  // namespace kosmo::cli
