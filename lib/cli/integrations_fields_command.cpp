#include "lib/cli/integrations_fields_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/catalog_lookup.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_capabilities.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/credential_env.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(A field is "configured" when the account has a non-blank value for it from the
environment, config.yaml, KosmoKrator's settings database or the field's default ("source"
says which); values are never shown. "env_var" is the variable that sets it for the account.

Examples:
  kosmo integrations:fields sinch
  kosmo integrations:fields sinch --account work --json | jq -r '.fields[] | select(.configured | not) | .key'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "provider": "sinch", "account": "default", "accounts": ["default"],
   "cli_setup_supported": true, "cli_runtime_supported": true,
   "auth_strategy": "bearer_token", "compatibility_summary": "CLI setup and runtime supported.",
   "fields": [{"key": "api_token", "label": "API token", "type": "secret", "required": true,
               "secret": true, "configured": false, "source": null, "description": "...",
               "env_var": "KOSMO_SINCH_API_TOKEN"}],
   "example": "kosmo integrations:configure sinch --account=default --set key=value --enable --json"}
  Unknown PROVIDER or a bad --account: error_code "usage" (exit 2); unreadable config:
  "config_error" (exit 5).
)";

struct FieldsOptions {
  std::string integration;
  std::string account = std::string(config::kDefaultAccount);
  bool json = false;
};

std::string env_var_of(const std::string& integration, const std::string& account,
                       const std::string& field) {
  if (account == config::kDefaultAccount) {
    return config::default_account_env_var(integration, field);
  }
  return config::account_env_var(integration, account, field);
}

rapidjson::Value fields_json(const integrations::Manifest& manifest, const std::string& account,
                             const config::ResolvedCredentials& resolved, CommandOutput& out,
                             std::vector<std::vector<std::string>>& rows) {
  auto& allocator = out.allocator();
  rapidjson::Value fields(rapidjson::kArrayType);
  for (const config::CredentialField& field : manifest.credentials) {
    const auto source = resolved.sources.find(field.key);
    const bool configured = resolved.values.count(field.key) > 0;
    const std::string env_var = env_var_of(manifest.name, account, field.key);
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("key", out.string(field.key), allocator);
    item.AddMember("label", out.string(field.label.empty() ? field.key : field.label), allocator);
    item.AddMember("type", rapidjson::StringRef(field.secret ? "secret" : "text"), allocator);
    item.AddMember("required", field.required, allocator);
    item.AddMember("secret", field.secret, allocator);
    item.AddMember("configured", configured, allocator);
    item.AddMember(
        "source",
        configured && source != resolved.sources.end()
            ? rapidjson::Value(rapidjson::StringRef(credential_source_name(source->second)))
            : rapidjson::Value(),
        allocator);
    item.AddMember("description", out.string(field.description), allocator);
    item.AddMember("env_var", out.string(env_var), allocator);
    fields.PushBack(item, allocator);
    rows.push_back({field.key, field.required ? "required" : "optional",
                    configured ? "configured" : "missing", env_var});
  }
  return fields;
}

int run_fields(const FieldsOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  std::string error;
  const integrations::Manifest* manifest =
      find_integration(*context.catalog(), options.integration, error);
  if (manifest == nullptr) return out.fail(error, ErrorCode::kUsage);
  if (!config::is_valid_account_name(options.account)) {
    return out.fail("Invalid account name '" + options.account +
                        "': use letters, digits, '-' and '_' (not '__', and not at either end)",
                    ErrorCode::kUsage);
  }
  const config::CredentialResolver resolver(context.config().user(), context.environment());
  const auto resolved = resolver.resolve(manifest->name, options.account, manifest->credentials);
  auto& allocator = out.allocator();
  rapidjson::Value& payload = out.payload();
  payload.AddMember("provider", out.string(manifest->name), allocator);
  payload.AddMember("account", out.string(options.account), allocator);
  payload.AddMember("accounts", accounts_json(resolver.accounts(manifest->name), allocator),
                    allocator);
  add_capabilities(payload, *manifest, false, allocator);
  std::vector<std::vector<std::string>> rows = {{"KEY", "REQUIRED", "STATUS", "ENV VAR"}};
  payload.AddMember("fields", fields_json(*manifest, options.account, resolved, out, rows),
                    allocator);
  const std::string example = "kosmo integrations:configure " + manifest->name +
                              " --account=" + options.account + " --set key=value --enable --json";
  payload.AddMember("example", out.string(example), allocator);
  if (manifest->credentials.empty()) {
    return out.succeed(manifest->name + " needs no credentials.");
  }
  return out.succeed(format_columns(rows) + example);
}

}  // namespace

std::function<int()> define_integrations_fields(CLI::App& app) {
  auto options = std::make_shared<FieldsOptions>();
  app.add_option("provider", options->integration, "Integration name, e.g. sinch")->required();
  app.add_option("--account", options->account, "Account alias (default: default)");
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_fields(*options); };
}

}  // namespace kosmo::cli
