#include "lib/cli/command_context.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "lib/cli/integration_facts.h"
#include "lib/config/credential_env.h"
#include "lib/config/paths.h"
#include "lib/integrations/integration_docs.h"

namespace kosmo::cli {
namespace {

config::Configuration load_configuration() {
  config::Configuration loaded =
      config::Configuration::load(config::process_environment(), std::filesystem::current_path());
  for (const std::string& setting : loaded.ignored_project_settings()) {
    spdlog::warn("{}: {} is ignored; a project config may only narrow permissions",
                 loaded.project()->file().string(), setting);
  }
  return loaded;
}

}  // namespace

CommandContext::CommandContext(RunFlags flags, Deadline deadline)
    : flags_(std::move(flags)), deadline_(deadline), config_(load_configuration()) {}

const Outcome<integrations::Catalog>& CommandContext::catalog() {
  if (!catalog_) {
    try {
      catalog_ = integrations::Catalog::load(
          (config::kosmo_home(environment()) / "integrations").string());
    } catch (const std::exception& e) {  // no home directory to look in
      catalog_ = Failure{ErrorCode::kConfig, e.what()};
    }
  }
  return *catalog_;
}

std::optional<Failure> CommandContext::unusable(bool needs_catalog) {
  if (config_failure()) return config_failure();
  if (needs_catalog && !catalog()) return catalog().error();
  return std::nullopt;
}

std::string CommandContext::status_of(const integrations::Manifest& manifest) const {
  if (config_failure()) return "config error";
  return account_status(config_.user(), environment(), manifest, config::kDefaultAccount);
}

lua::DocRegistry CommandContext::make_doc_registry() {
  lua::DocRegistry registry;
  registry.add(lua::make_guide_doc_source());
  registry.add(integrations::make_integration_doc_source(
      [this]() -> const integrations::Catalog* {
        const Outcome<integrations::Catalog>& loaded = catalog();
        return loaded ? &*loaded : nullptr;
      },
      [this](const integrations::Manifest& manifest) { return status_of(manifest); }));
  return registry;
}

http::HttpStack& CommandContext::http() {
  if (!http_) {
    http_ = std::make_unique<http::HttpStack>(http::HttpMode::of(flags_), deadline_, redactor_);
  }
  return *http_;
}

std::optional<Failure> CommandContext::finish_http() {
  if (!http_) return std::nullopt;
  try {
    http_->finish();
  } catch (const std::exception& e) {  // CassetteError, AtomicWriteError
    return Failure{ErrorCode::kConfig,
                   std::string("The run's HTTP exchanges could not be recorded: ") + e.what()};
  }
  return std::nullopt;
}

std::unique_ptr<integrations::IntegrationRuntime> CommandContext::make_integration_runtime(
    size_t max_response_bytes, std::optional<bool> force) {
  RunFlags flags = flags_;
  if (force) flags.force = *force;
  return make_integration_runtime(flags, deadline_, max_response_bytes);
}

std::unique_ptr<mcp::McpRuntime> CommandContext::make_mcp_runtime(std::optional<bool> force) {
  RunFlags flags = flags_;
  if (force) flags.force = *force;
  return make_mcp_runtime(flags, deadline_);
}

std::unique_ptr<integrations::IntegrationRuntime> CommandContext::make_integration_runtime(
    const RunFlags& flags, Deadline deadline, size_t max_response_bytes) {
  integrations::RuntimeSources sources;
  sources.catalog = [this]() -> const Outcome<integrations::Catalog>& { return catalog(); };
  sources.config = &config_;
  sources.http = &http();
  sources.redactor = &redactor_;
  return std::make_unique<integrations::IntegrationRuntime>(
      std::move(sources), integrations::RuntimeOptions{flags, deadline, max_response_bytes});
}

std::unique_ptr<mcp::McpRuntime> CommandContext::make_mcp_runtime(const RunFlags& flags,
                                                                 Deadline deadline) {
  mcp::McpRuntimeSources sources;
  sources.servers = mcp::load_servers(environment(), std::filesystem::current_path());
  for (const std::string& warning : sources.servers.warnings) spdlog::warn("{}", warning);
  sources.config = &config_;
  sources.http = &http();
  sources.redactor = &redactor_;
  return std::make_unique<mcp::McpRuntime>(std::move(sources),
                                           mcp::McpRuntimeOptions{flags, deadline});
}

}  // namespace kosmo::cli
