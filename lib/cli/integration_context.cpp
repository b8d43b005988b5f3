#include "lib/cli/integration_context.h"

#include <spdlog/spdlog.h>

#include "lib/config/config_error.h"
#include "lib/config/paths.h"

namespace kosmo::cli {

IntegrationContext::IntegrationContext() : environment_(config::process_environment()) {
  try {
    config_ = config::KosmoConfig::load(config::config_file(environment_));
  } catch (const std::exception& e) {
    config_error_ = e.what();
  }
}

const integrations::Catalog& IntegrationContext::catalog() {
  if (!catalog_) {
    std::vector<std::string> warnings;
    const std::string user_manifests = (config::kosmo_home(environment_) / "integrations").string();
    catalog_ = integrations::Catalog::load(user_manifests, warnings);
    for (const std::string& warning : warnings) spdlog::warn("{}", warning);
  }
  return *catalog_;
}

std::unique_ptr<integrations::IntegrationRuntime> IntegrationContext::make_runtime(
    integrations::RuntimeOptions options) {
  integrations::RuntimeSources sources;
  sources.catalog = [this]() -> const integrations::Catalog& { return catalog(); };
  sources.config = config();
  sources.config_error = config_error_;
  sources.environment = &environment_;
  sources.http_factory = integrations::default_http_factory(options.remaining_seconds);
  return std::make_unique<integrations::IntegrationRuntime>(std::move(sources),
                                                            std::move(options));
}

}  // namespace kosmo::cli
