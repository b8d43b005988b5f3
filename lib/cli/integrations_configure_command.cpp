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
#include "lib/cli/config_scope.h"
#include "lib/cli/configure_input.h"
#include "lib/cli/configure_mcp_policy.h"
#include "lib/cli/integration_capabilities.h"
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
Secrets need not pass through argv (where ps and shell history see them): --set-env KEY=VAR
stores the current value of $VAR, --set-stdin KEY stores stdin, and --stdin-json reads
KosmoKrator's object {"account", "scope", "set": {k: v}, "unset": [k], "enabled": bool,
"permissions": {"read": "allow"}} from stdin (flags given too win over it). --unset KEY or an
empty value (--set key=) removes a key. Secret values are never printed back, and are stored
encrypted as KosmoKrator stores them (enc:v1:, key from KOSMO_CREDENTIAL_KEY, KOSMO_SECRET_KEY
or ~/.kosmokrator/credentials.key, created 0600 when there is none).
Credentials and --enable/--disable always go to $KOSMO_HOME/config.yaml (the only file kosmo
reads them from); --project writes the policy (--read, --write, --permissions) to the
project's .kosmo/config.yaml instead, where it can only narrow the user's. NAME mcp.SERVER
sets an MCP server's policy.

Examples:
  kosmo integrations:configure sinch --set service_plan_id=abc --set 'api_token=${SINCH_TOKEN}'
  kosmo integrations:configure sinch --account work --set service_plan_id=def --set-env api_token=TOKEN
  printf '%s' "$TOKEN" | kosmo integrations:configure sinch --set-stdin api_token
  echo '{"set": {"api_token": "..."}, "enabled": true}' | kosmo integrations:configure sinch --stdin-json
  kosmo integrations:configure sinch --permissions read:allow,write:ask --project
  kosmo integrations:configure mcp.github --write allow
  kosmo integrations:configure anthropic --disable --unset api_key --json

JSON (--json):
  {"success": true, "error": null, "error_code": null, "integration": "sinch",
   "account": "default", "config_file": "/home/me/.kosmo/config.yaml",
   "set": ["service_plan_id"], "removed": [], "enabled": true,
   "permissions": {"read": "allow", "write": "ask"},
   "permission_sources": {"read": "user", "write": "default"},
   "status": "not configured", "missing": ["api_token"], "configured": false,
   "provider": "sinch", "scope": "global", "credentials_set": ["service_plan_id"],
   "credentials_unset": [], "cli_setup_supported": true, "cli_runtime_supported": true,
   "auth_strategy": "bearer_token", "compatibility_summary": "CLI setup and runtime supported."}
  "set"/"removed" name the keys changed (never their values); "enabled", "permissions",
  "status" and "missing" describe the integration and account after the change;
  "provider", "scope", "credentials_set", "credentials_unset", "configured" and the
  cli_*_supported flags are KosmoKrator's names. For mcp.SERVER: {"integration", "server", "scope", "config_file",
  "permissions", "permission_sources"}.
  Unknown integration, server or key, bad permission, unset variable, invalid stdin JSON:
  error_code "usage" (exit 2); unreadable or unwritable config.yaml: "config_error" (exit 5).
)";

struct Changes {
  std::vector<std::pair<std::string, std::string>> values;  // key, value ("" removes)
  std::vector<std::string> set, removed;
};

// Checks every key against the manifest's fields; an unset key becomes a removal ("").
std::optional<std::string> parse_values(const integrations::Manifest& manifest,
                                        const ConfigureRequest& request, Changes& changes) {
  std::vector<std::string> keys;
  for (const auto& field : manifest.credentials) keys.push_back(field.key);
  auto unknown = [&keys, &manifest](const std::string& key) -> std::optional<std::string> {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) return std::nullopt;
    return "Unknown credential '" + key + "' for " + manifest.name +
           ". Valid keys: " + join_names(keys) + ".";
  };
  for (const auto& [key, value] : request.values) {
    if (auto problem = unknown(key)) return problem;
    changes.values.emplace_back(key, value);
  }
  for (const std::string& key : request.unset) {
    if (auto problem = unknown(key)) return problem;
    changes.values.emplace_back(key, "");
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
    if (field == manifest.credentials.end() || !field->secret || value.empty() ||
        is_env_reference(value))
      continue;
    if (!key) key = config::find_or_create_credential_key(env);
    value = config::encrypt_credential(value, *key);
  }
}

// Credentials and enablement go to the user's config.yaml: it is the only file kosmo reads them
// from. std::invalid_argument (a bad account name) propagates.
void apply_user(const ConfigureRequest& request, const std::string& name, Changes& changes,
                config::KosmoConfig& config) {
  for (const auto& [key, value] : changes.values) {
    if (value.empty()) {
      if (config.remove_account_value(name, request.account, key)) changes.removed.push_back(key);
    } else {
      config.set_account_value(name, request.account, key, value);
      changes.set.push_back(key);
    }
  }
  if (request.enabled) config.set_enabled(name, *request.enabled);
}

void apply_policy(const ConfigureRequest& request, const std::string& key,
                  config::KosmoConfig& config) {
  if (request.read) config.set_permission(key, config::Operation::kRead, *request.read);
  if (request.write) config.set_permission(key, config::Operation::kWrite, *request.write);
}

std::string change_text(const ConfigureRequest& request, const Changes& changes) {
  std::vector<std::string> parts;
  if (!changes.set.empty()) parts.push_back("set " + join_names(changes.set));
  if (!changes.removed.empty()) parts.push_back("removed " + join_names(changes.removed));
  if (request.enabled) parts.push_back(*request.enabled ? "enabled" : "disabled");
  const std::string where = request.project ? " (project)" : "";
  if (request.read) parts.push_back("read: " + std::string(permission_name(*request.read)) + where);
  if (request.write) {
    parts.push_back("write: " + std::string(permission_name(*request.write)) + where);
  }
  return parts.empty() ? std::string("no change") : join_names(parts, "; ");
}

rapidjson::Value names_json(const std::vector<std::string>& list, CommandOutput& out) {
  rapidjson::Value array(rapidjson::kArrayType);
  for (const std::string& name : list) array.PushBack(out.string(name), out.allocator());
  return array;
}

// The keys KosmoKrator's command prints that kosmo's do not already carry.
void add_kosmokrator_keys(const integrations::Manifest& manifest, const ConfigureRequest& request,
                          const Changes& changes, CommandOutput& out) {
  auto& allocator = out.allocator();
  out.payload().AddMember("provider", out.string(manifest.name), allocator);
  out.payload().AddMember("scope", rapidjson::StringRef(request.project ? "project" : "global"),
                          allocator);
  out.payload().AddMember("credentials_set", names_json(changes.set, out), allocator);
  std::vector<std::string> unset = request.unset;
  out.payload().AddMember("credentials_unset", names_json(unset, out), allocator);
  add_capabilities(out.payload(), manifest, /*full=*/false, allocator);
}

// `user` is the user's config.yaml as written; the policy shown is the effective one, narrowed
// by the project's .kosmo/config.yaml (as it is now) when there is one.
int report(const ConfigureRequest& request, const integrations::Manifest& manifest,
           const Changes& changes, const config::KosmoConfig& user,
           const std::optional<config::KosmoConfig>& project, const config::Environment& env,
           CommandOutput& out) {
  const config::PermissionPolicy policy(&user, project ? &*project : nullptr);
  const config::CredentialResolver resolver(user, env);
  const auto& fields = manifest.credentials;
  const bool enabled = resolver.is_enabled(manifest.name, fields);
  const auto missing = resolver.resolve(manifest.name, request.account, fields).missing;
  const auto reason = resolver.unavailable_reason(manifest.name, request.account, fields);
  const std::string status = account_status(user, env, manifest, request.account);
  auto& allocator = out.allocator();
  rapidjson::Value& payload = out.payload();
  payload.AddMember("integration", out.string(manifest.name), allocator);
  payload.AddMember("account", out.string(request.account), allocator);
  payload.AddMember("config_file", out.string(user.file().string()), allocator);
  payload.AddMember("set", names_json(changes.set, out), allocator);
  payload.AddMember("removed", names_json(changes.removed, out), allocator);
  payload.AddMember("enabled", enabled, allocator);
  payload.AddMember("permissions", policy_json(policy, manifest.name, allocator), allocator);
  payload.AddMember("permission_sources", policy_sources_json(policy, manifest.name, allocator),
                    allocator);
  payload.AddMember("status", out.string(status), allocator);
  payload.AddMember("missing", names_json(missing, out), allocator);
  payload.AddMember("configured", status == "configured", allocator);
  add_kosmokrator_keys(manifest, request, changes, out);
  const std::string text = "Updated " + user.file().string() + ": " + manifest.name + " account '" +
                           request.account + "': " + change_text(request, changes) +
                           ".\nStatus: " + status + (reason ? ". " + *reason : "") +
                           "\nPolicy: " + policy_text(policy, manifest.name) + "\n";
  return out.succeed(text);
}

// Applied to each file as it is once locked, not as it was when the command started: another
// kosmo may have changed it since. Returns the project's config (after the change) when there is
// one. Throws what update_config_file throws, and std::invalid_argument (bad account name).
std::optional<config::KosmoConfig> write_changes(const ConfigureRequest& request,
                                                 const std::string& name, Changes& changes,
                                                 config::KosmoConfig& user,
                                                 const config::Configuration& loaded) {
  const bool policy_in_user = !request.project;
  user = config::update_config_file(loaded.user().file(), [&](config::KosmoConfig& current) {
    apply_user(request, name, changes, current);
    if (policy_in_user) apply_policy(request, name, current);
    return true;
  });
  if (!request.project) {
    if (loaded.project() == nullptr) return std::nullopt;
    return *loaded.project();
  }
  ScopeFlags project_scope;
  project_scope.project = true;
  return config::update_config_file(scope_config_file(project_scope),
                                    [&](config::KosmoConfig& current) {
                                      apply_policy(request, name, current);
                                      return true;
                                    });
}

int configure_integration(const ConfigureRequest& request, const integrations::Manifest& manifest,
                          const config::Configuration& loaded, CommandOutput& out) {
  Changes changes;
  if (auto problem = parse_values(manifest, request, changes)) {
    return out.fail(*problem, ErrorCode::kUsage);
  }
  try {
    seal_secrets(manifest, loaded.environment(), changes);
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  config::KosmoConfig user;
  std::optional<config::KosmoConfig> project;
  try {
    project = write_changes(request, manifest.name, changes, user, loaded);
  } catch (const std::invalid_argument& e) {
    return out.fail(e.what(), ErrorCode::kUsage);
  } catch (const std::exception& e) {
    return out.fail(e.what(), ErrorCode::kConfig);
  }
  return report(request, manifest, changes, user, project, loaded.environment(), out);
}

int run_configure(const ConfigureOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  auto request = read_configure_request(options, context.config().environment());
  if (!request) return out.fail(request.error(), ErrorCode::kUsage);
  if (request->empty()) {
    return out.fail(
        "Nothing to change: give --set key=value, --unset key, --enable, --disable, --read, "
        "--write or --permissions. See kosmo integrations:status " +
            options.integration + " for the current settings.",
        ErrorCode::kUsage);
  }
  if (options.integration.rfind("mcp.", 0) == 0) {
    return configure_mcp_policy(options.integration.substr(4), *request, context.config(), out);
  }
  std::string error;
  const integrations::Manifest* manifest =
      find_integration(*context.catalog(), options.integration, error);
  if (manifest == nullptr) return out.fail(error, ErrorCode::kUsage);
  return configure_integration(*request, *manifest, context.config(), out);
}

}  // namespace

std::function<int()> define_integrations_configure(CLI::App& app) {
  auto options = std::make_shared<ConfigureOptions>();
  add_configure_options(app, *options);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_configure(*options); };
}

}  // namespace kosmo::cli
