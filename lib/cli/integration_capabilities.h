#pragma once
// The facts about an integration's credentials that integrations:fields and integrations:doctor
// report in KosmoKrator's words (IntegrationCapabilityResolver): how it authenticates and
// whether the command line can set it up and run it. Every kosmo integration is an API with
// credentials a user types in, so both "cli_*_supported" facts are always true here; the
// auth strategy is KosmoKrator's fallback rule over the credential keys.
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "lib/config/credentials.h"
#include "lib/integrations/manifest.h"

namespace kosmo::cli {

inline constexpr const char kCompatibilitySummary[] = "CLI setup and runtime supported.";

// "none", "bearer_token" (access_token, token or api_token), "api_key" or "manual_credentials".
std::string auth_strategy(const integrations::Manifest& manifest);

// Adds cli_setup_supported, cli_runtime_supported, auth_strategy and, with `full`, also
// host_availability, runtime_requirements and compatibility, then compatibility_summary.
void add_capabilities(rapidjson::Value& json, const integrations::Manifest& manifest, bool full,
                      rapidjson::Document::AllocatorType& allocator);

// The required fields of `account` without a usable value (blank counts as missing).
std::vector<std::string> missing_credentials(const config::ResolvedCredentials& resolved,
                                             const integrations::Manifest& manifest);

// ["default", then the other accounts], as KosmoKrator lists them.
rapidjson::Value accounts_json(const std::vector<std::string>& accounts,
                               rapidjson::Document::AllocatorType& allocator);

// "env", "config", "kosmokrator" or "default".
const char* credential_source_name(config::CredentialSource source);

}  // namespace kosmo::cli
