#pragma once
// KosmoKrator's discovery objects for integrations, built from kosmo's manifests and
// configuration: the function object of IntegrationFunction::toArray() (integrations:list,
// :search, :docs --format json, :examples --json) and the per-provider capability fields of
// integrations:list and :status. A script written against KosmoKrator's JSON reads the same
// keys; kosmo's own facts (aliases, method, path, endpoint) sit beside them.
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "lib/config/configuration.h"
#include "lib/config/credentials.h"
#include "lib/integrations/manifest.h"

namespace kosmo::cli {

// What KosmoKrator says about a provider as a whole, for its default account.
struct ProviderFacts {
  bool active = false;      // calls can be made: enabled and every required credential present
  bool configured = false;  // every required credential present
  std::vector<std::string> accounts;  // "default" first, then the named accounts
  std::string auth_strategy;
};

class IntegrationRecords {
 public:
  using Allocator = rapidjson::Document::AllocatorType;

  // Holds references: `config` must outlive the records.
  explicit IntegrationRecords(const config::Configuration& config);

  ProviderFacts facts(const integrations::Manifest& manifest) const;
  // Adds auth_strategy, cli_setup_supported, cli_runtime_supported, compatibility_summary.
  void add_capabilities(const ProviderFacts& facts, rapidjson::Value& object,
                        Allocator& allocator) const;
  // IntegrationFunction::toArray(): provider, function, name, slug, title, description,
  // operation, active, configured, accounts, auth, auth_strategy, host_availability,
  // runtime_requirements, compatibility, compatibility_summary, cli_setup_supported,
  // cli_runtime_supported, input_schema; then aliases, method, path, endpoint, endpoint_note.
  rapidjson::Value function_json(const integrations::Manifest& manifest,
                                 const integrations::Function& function,
                                 Allocator& allocator) const;
  // function_json of every visible function of `manifest`, in manifest order.
  rapidjson::Value functions_json(const integrations::Manifest& manifest,
                                  Allocator& allocator) const;

 private:
  // The same, with the provider's facts worked out once for all its functions.
  rapidjson::Value function_json(const integrations::Manifest& manifest,
                                 const integrations::Function& function, const ProviderFacts& facts,
                                 Allocator& allocator) const;

  const config::KosmoConfig& user_;
  const config::Environment& env_;
  config::CredentialResolver resolver_;
};

}  // namespace kosmo::cli
