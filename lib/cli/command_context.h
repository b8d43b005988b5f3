#pragma once
// What every command shares, made once per process and on first use: the run flags, the
// configuration (user config.yaml narrowed by the project's, and the environment), the catalog,
// the run's deadline, redactor and HTTP stack, and the two runtimes behind app.* calls.
//
// Both runtimes take their HTTP client from here, so it does not matter which is made first,
// and a command that only talks to MCP servers builds no integrations runtime.
#include <memory>
#include <optional>
#include <string>

#include "lib/common/deadline.h"
#include "lib/common/outcome.h"
#include "lib/common/run_flags.h"
#include "lib/config/configuration.h"
#include "lib/http/http_stack.h"
#include "lib/http/redactor.h"
#include "lib/integrations/catalog.h"
#include "lib/integrations/integration_runtime.h"
#include "lib/lua/doc_registry.h"
#include "lib/mcp/mcp_runtime.h"

namespace kosmo::cli {

class CommandContext {
 public:
  // `deadline` is the run's --timeout, counted from when the command started.
  explicit CommandContext(RunFlags flags = {}, Deadline deadline = {});

  const RunFlags& flags() const { return flags_; }
  const Deadline& deadline() const { return deadline_; }
  const config::Configuration& config() const { return config_; }
  // Why the configuration cannot be used (config_error), if it cannot.
  const std::optional<Failure>& config_failure() const { return config_.failure(); }
  const config::Environment& environment() const { return config_.environment(); }

  // The embedded manifests plus $KOSMO_HOME/integrations/*.json, loaded on first use.
  const Outcome<integrations::Catalog>& catalog();
  // What keeps a companion command from reading the configuration and, when it needs it, the
  // catalog: the first failure, if any.
  std::optional<Failure> unusable(bool needs_catalog);

  // "configured", "not configured" or "disabled" for the default account.
  std::string status_of(const integrations::Manifest& manifest) const;
  // The docs registry of integrations:lua and integrations:docs: guides plus the catalog.
  lua::DocRegistry make_doc_registry();

  // The run's HTTP stack, made on first use. Under --replay the cassette is loaded then, and an
  // unreadable one throws http::CassetteError (config_error).
  http::HttpStack& http();
  // Ends the run's HTTP: writes the cassette when recording. A cassette that cannot be written
  // is a config_error (exit 5): the run's calls went unrecorded, so it must not pass for a
  // success.
  std::optional<Failure> finish_http();

  // `force` (when given) replaces --force for this runtime alone: mcp:serve passes force to
  // the integrations for --write allow, but not to MCP servers, where --force means its opt-in.
  std::unique_ptr<integrations::IntegrationRuntime> make_integration_runtime(
      size_t max_response_bytes = 0, std::optional<bool> force = std::nullopt);
  // The MCP runtime over the configured servers (config warnings are logged).
  std::unique_ptr<mcp::McpRuntime> make_mcp_runtime(std::optional<bool> force = std::nullopt);
  // The same for one run of many in a long-lived process (the MCP gateway's lua_execute): its
  // own --force/--dry-run and deadline, over this context's configuration, HTTP stack and
  // redactor.
  std::unique_ptr<integrations::IntegrationRuntime> make_integration_runtime(
      const RunFlags& flags, Deadline deadline, size_t max_response_bytes);
  std::unique_ptr<mcp::McpRuntime> make_mcp_runtime(const RunFlags& flags, Deadline deadline);

  // Every credential the run used, for keeping them out of everything kosmo writes.
  const http::Redactor& redactor() const { return redactor_; }

 private:
  RunFlags flags_;
  Deadline deadline_;
  config::Configuration config_;
  std::optional<Outcome<integrations::Catalog>> catalog_;
  http::Redactor redactor_;
  std::unique_ptr<http::HttpStack> http_;
};

}  // namespace kosmo::cli
