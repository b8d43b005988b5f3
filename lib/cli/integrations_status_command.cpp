#include "lib/cli/integrations_status_command.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/catalog_lookup.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_capabilities.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/integration_record.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/credentials.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Credential values are never shown, only whether each is present and where it comes from:
"env" (KOSMO_<INTEGRATION>_<FIELD> or KOSMO_<INTEGRATION>__<ACCOUNT>__<FIELD>), "config"
(config.yaml, ${NAME} references resolved now), "kosmokrator" (KosmoKrator's settings database,
~/.kosmo/data/kosmo.db) or "default" (the integration's default).

Examples:
  kosmo integrations:status
  kosmo integrations:status sinch --json | jq '.providers.sinch.account_details'

JSON (--json): KosmoKrator's shape, a "providers" object keyed by integration name:
  {"success": true, "error": null, "error_code": null,
   "providers": {"sinch": {"active": true, "configured": true, "accounts": ["default"],
     "functions": 7, "auth_strategy": "bearer_token", "cli_setup_supported": true,
     "cli_runtime_supported": true, "compatibility_summary": "CLI setup and runtime supported.",
     "name": "sinch", "label": "Sinch", "enabled": true, "status": "configured",
     "permissions": {"read": "allow", "write": "ask"},
     "permission_sources": {"read": "default", "write": "default"},
     "account_details": [{"name": "default", "status": "configured", "problem": null,
       "credentials": [{"key": "api_token", "required": true, "secret": true,
                        "present": true, "source": "env"}]}]}}}
  active: calls can be made; configured: the required credentials are present; accounts:
  "default" then the named accounts. "status" is "configured", "not configured" or "disabled"
  (the integration's is its default account's); "problem" says why calls through the account
  would fail ("source" is null when a credential is missing). "permissions" is the effective
  policy (config.yaml narrowed by the project's .kosmo/config.yaml); "permission_sources" says
  which decided ("default", "user", "project"). Unknown NAME: error_code "usage" (exit 2);
  unreadable config.yaml or .kosmo/config.yaml: "config_error" (exit 5).
)";

struct StatusOptions {
  std::string integration;
  bool json = false;
};

const char* source_name(config::CredentialSource source) { return credential_source_name(source); }

// Reports one integration as JSON into `out` and as text lines into `text`.
class StatusWriter {
 public:
  StatusWriter(const config::Configuration& config, CommandOutput& out)
      : config_(config.user()),
        env_(config.environment()),
        policy_(config.policy()),
        resolver_(config_, env_),
        records_(config),
        out_(out) {}

  rapidjson::Value integration(const integrations::Manifest& manifest, std::string& text) {
    auto& allocator = out_.allocator();
    const bool enabled = resolver_.is_enabled(manifest.name, manifest.credentials);
    const std::string status = account_status(config_, env_, manifest, "default");
    const ProviderFacts facts = records_.facts(manifest);
    rapidjson::Value json(rapidjson::kObjectType);
    json.AddMember("active", facts.active, allocator);
    json.AddMember("configured", facts.configured, allocator);
    rapidjson::Value names(rapidjson::kArrayType);
    for (const std::string& account : facts.accounts)
      names.PushBack(out_.string(account), allocator);
    json.AddMember("accounts", names, allocator);
    json.AddMember("functions", static_cast<uint64_t>(manifest.visible_function_count()),
                   allocator);
    records_.add_capabilities(facts, json, allocator);
    json.AddMember("name", out_.string(manifest.name), allocator);
    json.AddMember("label", out_.string(manifest.label), allocator);
    json.AddMember("enabled", enabled, allocator);
    json.AddMember("status", out_.string(status), allocator);
    json.AddMember("permissions", policy_json(policy_, manifest.name, allocator), allocator);
    json.AddMember("permission_sources", policy_sources_json(policy_, manifest.name, allocator),
                   allocator);
    text += manifest.name + " (" + manifest.label + "): " + status + ", " +
            (enabled ? "enabled" : "not enabled") + "; " + policy_text(policy_, manifest.name) +
            "\n";
    rapidjson::Value details(rapidjson::kArrayType);
    for (const std::string& account : facts.accounts) {
      details.PushBack(this->account(manifest, account, text), allocator);
    }
    json.AddMember("account_details", details, allocator);
    return json;
  }

 private:
  rapidjson::Value account(const integrations::Manifest& manifest, const std::string& account,
                           std::string& text) {
    auto& allocator = out_.allocator();
    const auto resolved = resolver_.resolve(manifest.name, account, manifest.credentials);
    const auto problem = resolver_.unavailable_reason(manifest.name, account, manifest.credentials);
    const std::string status = account_status(config_, env_, manifest, account);
    rapidjson::Value json(rapidjson::kObjectType);
    json.AddMember("name", out_.string(account), allocator);
    json.AddMember("status", out_.string(status), allocator);
    json.AddMember("problem", problem ? out_.string(*problem) : rapidjson::Value(), allocator);
    text += "  account " + account + ": " + status + "\n";
    std::vector<std::vector<std::string>> rows;
    rapidjson::Value credentials(rapidjson::kArrayType);
    for (const auto& field : manifest.credentials) {
      const auto source = resolved.sources.find(field.key);
      const bool present = source != resolved.sources.end();
      rapidjson::Value item(rapidjson::kObjectType);
      item.AddMember("key", out_.string(field.key), allocator);
      item.AddMember("required", field.required, allocator);
      item.AddMember("secret", field.secret, allocator);
      item.AddMember("present", present, allocator);
      item.AddMember("source",
                     present ? rapidjson::Value(rapidjson::StringRef(source_name(source->second)))
                             : rapidjson::Value(),
                     allocator);
      credentials.PushBack(item, allocator);
      rows.push_back(
          {"    " + field.key, field.required ? "required" : "optional",
           present ? std::string("present (") + source_name(source->second) + ")" : "missing"});
    }
    json.AddMember("credentials", credentials, allocator);
    text += format_columns(rows);
    return json;
  }

  const config::KosmoConfig& config_;
  const config::Environment& env_;
  const config::PermissionPolicy policy_;
  const config::CredentialResolver resolver_;
  const IntegrationRecords records_;
  CommandOutput& out_;
};

int run_status(const StatusOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  const integrations::Catalog& catalog = *context.catalog();
  std::vector<const integrations::Manifest*> selected;
  if (options.integration.empty()) {
    for (const integrations::Manifest& manifest : catalog.integrations()) {
      selected.push_back(&manifest);
    }
  } else {
    std::string error;
    const integrations::Manifest* manifest = find_integration(catalog, options.integration, error);
    if (manifest == nullptr) return out.fail(error, ErrorCode::kUsage);
    selected.push_back(manifest);
  }
  StatusWriter writer(context.config(), out);
  rapidjson::Value providers(rapidjson::kObjectType);
  std::string text;
  for (const integrations::Manifest* manifest : selected) {
    if (!text.empty()) text += "\n";
    providers.AddMember(out.string(manifest->name), writer.integration(*manifest, text),
                        out.allocator());
  }
  out.payload().AddMember("providers", providers, out.allocator());
  return out.succeed(text);
}

}  // namespace

std::function<int()> define_integrations_status(CLI::App& app) {
  auto options = std::make_shared<StatusOptions>();
  app.add_option("name", options->integration, "Integration name (default: all)");
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_status(*options); };
}

}  // namespace kosmo::cli
