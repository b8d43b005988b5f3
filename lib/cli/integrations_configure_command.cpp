#include "lib/cli/integrations_configure_command.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "lib/cli/catalog_lookup.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/config_update.h"
#include "lib/config/credential_cipher.h"
#include "lib/config/credential_env.h"
#include "lib/config/credentials.h"
#include "lib/config/permission.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Values may be references resolved at call time: --set 'api_token=${SINCH_TOKEN}'.
An empty value (--set key=) removes the key. Secret values are never printed back, and are
stored encrypted as KosmoKrator stores them (enc:v1:, key from KOSMO_CREDENTIAL_KEY,
KOSMO_SECRET_KEY or ~/.kosmokrator/credentials.key, created 0600 when there is none).

Examples:
  kosmo integrations:configure sinch --set service_plan_id=abc --set 'api_token=${SINCH_TOKEN}'
  kosmo integrations:configure sinch --account work --set service_plan_id=def --set api_token=...
  kosmo integrations:configure sinch --write allow
  kosmo integrations:configure anthropic --disable --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "integration": "sinch",
   "account": "default", "config_file": "/home/me/.kosmo/config.yaml",
   "set": ["service_plan_id"], "removed": [], "enabled": true,
   "permissions": {"read": "allow", "write": "ask"},
   "status": "not configured", "missing": ["api_token"]}
  "set"/"removed" name the keys changed (never their values); "enabled", "permissions",
  "status" and "missing" describe the integration and account after the change.
  Unknown integration or key: error_code "usage" (exit 2); unreadable or unwritable
  config.yaml: "config_error" (exit 5).
)";

struct ConfigureOptions {
  std::string integration;
  std::vector<std::string> set;
  std::string account = std::string(config::kDefaultAccount);
  bool enable = false;
  bool disable = false;
  std::optional<std::string> read;
  std::optional<std::string> write;
  bool json = false;
};

struct Changes {
  std::vector<std::pair<std::string, std::string>> values;  // key, value ("" removes)
  std::vector<std::string> set, removed;
};

std::optional<std::string> parse_values(const integrations::Manifest& manifest,
                                        const std::vector<std::string>& pairs, Changes& changes) {
  std::vector<std::string> keys;
  for (const auto& field : manifest.credentials) keys.push_back(field.key);
  for (const std::string& pair : pairs) {
    const size_t equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      return "Give --set as key=value (got '" + pair + "'). Keys for " + manifest.name + ": " +
             join_names(keys) + ".";
    }
    const std::string key = pair.substr(0, equals);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return "Unknown credential '" + key + "' for " + manifest.name +
             ". Valid keys: " + join_names(keys) + ".";
    }
    for (const auto& [existing, ignored] : changes.values) {
      if (existing == key) return "Credential '" + key + "' is given twice.";
    }
    changes.values.emplace_back(key, pair.substr(equals + 1));
  }
  return std::nullopt;
}

bool is_env_reference(const std::string& value) {
  return value.size() > 3 && value.compare(0, 2, "${") == 0 && value.back() == '}';
}

// Secret fields are stored sealed, as KosmoKrator's YamlCredentialResolver::set() stores them,
// so a token is never in clear text in config.yaml. A `${NAME}` reference holds no secret and
// must stay readable to be resolved at call time. Throws ConfigError (no usable key file).
void seal_secrets(const integrations::Manifest& manifest, const config::Environment& env,
                  Changes& changes) {
  std::optional<config::CredentialKey> key;
  for (auto& [name, value] : changes.values) {
    const std::string& field_name = name;  // clang 14 cannot capture a structured binding
    const auto field = std::find_if(manifest.credentials.begin(), manifest.credentials.end(),
                                    [&field_name](const auto& f) { return f.key == field_name; });
    if (field == manifest.credentials.end() || !field->secret || value.empty() || is_env_reference(value)) continue;
    if (!key) key = config::find_or_create_credential_key(env);
    value = config::encrypt_credential(value, *key);
  }
}

// Applies the options to `config`; std::invalid_argument (a bad account name) propagates.
void apply(const ConfigureOptions& options, const std::string& name, Changes& changes,
           config::KosmoConfig& config) {
  for (const auto& [key, value] : changes.values) {
    if (value.empty()) {
      if (config.remove_account_value(name, options.account, key)) changes.removed.push_back(key);
    } else {
      config.set_account_value(name, options.account, key, value);
      changes.set.push_back(key);
    }
  }
  if (options.enable || options.disable) config.set_enabled(name, options.enable);
  if (options.read) {
    config.set_permission(name, config::Operation::kRead, *config::parse_permission(*options.read));
  }
  if (options.write) {
    config.set_permission(name, config::Operation::kWrite,
                          *config::parse_permission(*options.write));
  }
}

std::string change_text(const ConfigureOptions& options, const Changes& changes) {
  std::vector<std::string> parts;
  if (!changes.set.empty()) parts.push_back("set " + join_names(changes.set));
  if (!changes.removed.empty()) parts.push_back("removed " + join_names(changes.removed));
  if (options.enable || options.disable) parts.push_back(options.enable ? "enabled" : "disabled");
  if (options.read) parts.push_back("read: " + *options.read);
  if (options.write) parts.push_back("write: " + *options.write);
  return parts.empty() ? std::string("no change") : join_names(parts, "; ");
}

// `config` is the user's config.yaml as written; the policy shown is the effective one, narrowed
// by the project's .kosmo/config.yaml when there is one.
int report(const ConfigureOptions& options, const integrations::Manifest& manifest,
           const Changes& changes, const config::KosmoConfig& config,
           const config::Configuration& context, CommandOutput& out) {
  const config::Environment& environment = context.environment();
  const config::PermissionPolicy policy(&config, context.project());
  const config::CredentialResolver resolver(config, environment);
  const auto& fields = manifest.credentials;
  const bool enabled = resolver.is_enabled(manifest.name, fields);
  const auto missing = resolver.resolve(manifest.name, options.account, fields).missing;
  const auto reason = resolver.unavailable_reason(manifest.name, options.account, fields);
  const std::string status = account_status(config, environment, manifest, options.account);
  auto& allocator = out.allocator();
  rapidjson::Value& payload = out.payload();
  payload.AddMember("integration", out.string(manifest.name), allocator);
  payload.AddMember("account", out.string(options.account), allocator);
  payload.AddMember("config_file", out.string(config.file().string()), allocator);
  auto names = [&out, &allocator](const std::vector<std::string>& list) {
    rapidjson::Value array(rapidjson::kArrayType);
    for (const std::string& name : list) array.PushBack(out.string(name), allocator);
    return array;
  };
  payload.AddMember("set", names(changes.set), allocator);
  payload.AddMember("removed", names(changes.removed), allocator);
  payload.AddMember("enabled", enabled, allocator);
  payload.AddMember("permissions", policy_json(policy, manifest.name, allocator), allocator);
  payload.AddMember("permission_sources", policy_sources_json(policy, manifest.name, allocator),
                    allocator);
  payload.AddMember("status", out.string(status), allocator);
  payload.AddMember("missing", names(missing), allocator);
  const std::string text = "Updated " + config.file().string() + ": " + manifest.name +
                           " account '" + options.account + "': " + change_text(options, changes) +
                           ".\nStatus: " + status + (reason ? ". " + *reason : "") +
                           "\nPolicy: " + policy_text(policy, manifest.name) + "\n";
  return out.succeed(text);
}

int run_configure(const ConfigureOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  std::string error;
  const integrations::Manifest* manifest =
      find_integration(*context.catalog(), options.integration, error);
  if (manifest == nullptr) return out.fail(error, ErrorCode::kUsage);
  Changes changes;
  if (auto problem = parse_values(*manifest, options.set, changes)) {
    return out.fail(*problem, ErrorCode::kUsage);
  }
  if (changes.values.empty() && !options.enable && !options.disable && !options.read &&
      !options.write) {
    return out.fail(
        "Nothing to change: give --set key=value, --enable, --disable, --read or "
        "--write. See kosmo integrations:status " +
            manifest->name + " for the current settings.",
        ErrorCode::kUsage);
  }
  try {
    seal_secrets(*manifest, context.config().environment(), changes);
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  // Applied to config.yaml as it is once locked, not as it was when the command started: another
  // kosmo may have changed it since.
  config::KosmoConfig updated;
  try {
    updated = config::update_config_file(context.config().user().file(),
                                         [&](config::KosmoConfig& current) {
                                           apply(options, manifest->name, changes, current);
                                           return true;
                                         });
  } catch (const std::invalid_argument& e) {
    return out.fail(e.what(), ErrorCode::kUsage);
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  return report(options, *manifest, changes, updated, context.config(), out);
}

}  // namespace

std::function<int()> define_integrations_configure(CLI::App& app) {
  auto options = std::make_shared<ConfigureOptions>();
  app.add_option("name", options->integration, "Integration name, e.g. sinch")->required();
  app.add_option("--set", options->set, "Credential key=value (repeatable)")
      ->type_name("KEY=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("--account", options->account, "Account the --set values belong to")
      ->type_name("ACCOUNT");
  CLI::Option* enable = app.add_flag("--enable", options->enable, "Enable the integration");
  CLI::Option* disable = app.add_flag("--disable", options->disable, "Disable the integration");
  enable->excludes(disable);
  const std::vector<std::string> permissions = {"allow", "ask", "deny"};
  app.add_option("--read", options->read, "Policy for read calls")
      ->check(CLI::IsMember(permissions));
  app.add_option("--write", options->write, "Policy for write calls")
      ->check(CLI::IsMember(permissions));
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_configure(*options); };
}

}  // namespace kosmo::cli
