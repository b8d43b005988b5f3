#include "lib/cli/integration_context.h"

#include <spdlog/spdlog.h>

#include "lib/config/config_error.h"
#include "lib/config/credentials.h"
#include "lib/config/paths.h"
#include "lib/integrations/integration_docs.h"

namespace kosmo::cli {

integrations::HttpMode http_mode_from(const std::string& record, const std::string& replay) {
  using Kind = integrations::HttpMode::Kind;
  if (!replay.empty()) return {Kind::kReplay, replay};
  if (!record.empty()) return {Kind::kRecord, record};
  return {};
}

IntegrationContext::IntegrationContext() : environment_(config::process_environment()) {
  try {
    config_ = config::KosmoConfig::load(config::config_file(environment_));
  } catch (const std::exception& e) {
    config_error_ = e.what();
  }
}

const Outcome<integrations::Catalog>& IntegrationContext::catalog() {
  if (!catalog_) {
    const std::string user_manifests = (config::kosmo_home(environment_) / "integrations").string();
    catalog_ = integrations::Catalog::load(user_manifests);
  }
  return *catalog_;
}

std::string IntegrationContext::status_of(const integrations::Manifest& manifest) const {
  if (config_ == std::nullopt) return "config error";
  std::vector<config::CredentialField> fields;
  for (const auto& field : manifest.credentials) {
    fields.push_back({field.key, field.required, field.secret, field.default_value});
  }
  const config::CredentialResolver resolver(*config_, environment_);
  if (!resolver.is_enabled(manifest.name, fields)) {
    return config_->enabled_flag(manifest.name) == false ? "disabled" : "not configured";
  }
  return resolver.unavailable_reason(manifest.name, "default", fields) ? "not configured"
                                                                       : "configured";
}

std::unique_ptr<mcp::McpRuntime> IntegrationContext::make_mcp_runtime(mcp::McpRuntimeOptions options) {
  mcp::McpRuntimeSources sources;
  sources.servers = mcp::load_servers(environment_, std::filesystem::current_path());
  for (const std::string& warning : sources.servers.warnings) spdlog::warn("{}", warning);
  sources.user_config = config();
  sources.config_error = config_error_;
  sources.environment = &environment_;
  sources.http = http_.get();
  sources.redactor = &redactor_;
  return std::make_unique<mcp::McpRuntime>(std::move(sources), std::move(options));
}

void IntegrationContext::finish_http() {
  if (http_) http_->finish();
}

lua::DocRegistry IntegrationContext::make_doc_registry() {
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

std::unique_ptr<integrations::IntegrationRuntime> IntegrationContext::make_runtime(
    integrations::RuntimeOptions options, integrations::HttpMode mode) {
  http_ = std::make_unique<integrations::HttpStack>(mode, options.remaining_seconds, redactor_);
  options.replay = http_->replaying();
  integrations::RuntimeSources sources;
  sources.catalog = [this]() -> const Outcome<integrations::Catalog>& { return catalog(); };
  sources.config = config();
  sources.config_error = config_error_;
  sources.environment = &environment_;
  sources.http = http_.get();
  sources.redactor = &redactor_;
  return std::make_unique<integrations::IntegrationRuntime>(std::move(sources), std::move(options));
}

}  // namespace kosmo::cli
