#include "lib/cli/integrations_doctor_command.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "lib/cli/base_url_probe.h"
#include "lib/cli/catalog_lookup.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_capabilities.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/kosmokrator_store.h"
#include "lib/config/paths.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(Checks the default account: every required credential present and not blank ("credentials"
says where each comes from: env, config, kosmokrator or default; values are never shown), the
integration enabled, the effective read/write policy and which file decided it, and, unless
--offline, one GET to the base URL (3 s to connect, 5 s in all, no credentials sent): any HTTP
answer means reachable. "config_files" lists the files consulted and whether they exist.
The report is the result: exit 0 whatever it finds.

Examples:
  kosmo integrations:doctor
  kosmo integrations:doctor sinch --json | jq '.missing_credentials, .next_commands'
  kosmo integrations:doctor --offline --json | jq '.providers | map_values(.active)'

JSON (--json), with PROVIDER (without: {"success": ..., "providers": {"<name>": <row>},
"config_files": [...]}):
  {"success": true, "error": null, "error_code": null,
   "provider": "sinch", "locally_runnable": true, "cli_setup_supported": true,
   "cli_runtime_supported": true, "auth_strategy": "bearer_token",
   "host_availability": {"cli": true, "web": false, "proxy": false},
   "runtime_requirements": {}, "compatibility": {...},
   "compatibility_summary": "CLI setup and runtime supported.",
   "enabled": true, "configured": false, "active": false,
   "missing_credentials": ["api_token"], "accounts": ["default"],
   "permissions": {"read": "allow", "write": "ask"},
   "permission_sources": {"read": "default", "write": "default"},
   "function_count": 12, "example_functions": ["sinch.list_groups", ...],
   "credentials": [{"key": "api_token", "required": true, "configured": false, "source": null}],
   "base_url": {"url": "https://us.sms.api.sinch.com/xms/v1", "checked": true,
                "reachable": true, "http_status": 404, "error": null},
   "next_commands": ["kosmo integrations:fields sinch --json", ...],
   "config_files": [{"scope": "user", "path": "/home/me/.kosmo/config.yaml", "exists": true}, ...]}
  Unknown PROVIDER: error_code "usage" (exit 2); unreadable config: "config_error" (exit 5).
)";

struct DoctorOptions {
  std::string integration;
  bool offline = false;
  bool json = false;
};

rapidjson::Value texts_json(const std::vector<std::string>& texts, CommandOutput& out) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const std::string& text : texts) list.PushBack(out.string(text), out.allocator());
  return list;
}

std::vector<std::string> example_functions(const integrations::Manifest& manifest) {
  std::vector<std::string> names;
  for (const integrations::Function& function : manifest.functions) {
    if (!function.hidden) names.push_back(manifest.name + "." + function.name);
  }
  return names;
}

// KosmoKrator's next steps, in its order.
std::vector<std::string> next_commands(const std::string& name,
                                       const std::vector<std::string>& missing, bool enabled,
                                       bool configured, const std::vector<std::string>& functions) {
  std::vector<std::string> next;
  if (!missing.empty()) {
    next.push_back("kosmo integrations:fields " + name + " --json");
    next.push_back("kosmo integrations:configure " + name + " --set " +
                   join_names(missing, "=... --set ") + "=... --json");
  }
  if (!enabled) next.push_back("kosmo integrations:configure " + name + " --enable --json");
  if (configured && enabled && !functions.empty()) {
    next.push_back("kosmo integrations:docs " + functions.front());
  }
  return next;
}

rapidjson::Value credentials_json(const integrations::Manifest& manifest,
                                  const config::ResolvedCredentials& resolved, CommandOutput& out) {
  auto& allocator = out.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const config::CredentialField& field : manifest.credentials) {
    const auto source = resolved.sources.find(field.key);
    const bool configured = resolved.values.count(field.key) > 0;
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("key", out.string(field.key), allocator);
    item.AddMember("required", field.required, allocator);
    item.AddMember("configured", configured, allocator);
    item.AddMember("source",
                   configured && source != resolved.sources.end()
                       ? out.string(credential_source_name(source->second))
                       : rapidjson::Value(),
                   allocator);
    list.PushBack(item, allocator);
  }
  return list;
}

rapidjson::Value probe_json(const ProbeResult& probe, CommandOutput& out) {
  auto& allocator = out.allocator();
  rapidjson::Value json(rapidjson::kObjectType);
  json.AddMember("url", probe.url.empty() ? rapidjson::Value() : out.string(probe.url), allocator);
  json.AddMember("checked", probe.checked, allocator);
  json.AddMember("reachable",
                 probe.reachable ? rapidjson::Value(*probe.reachable) : rapidjson::Value(),
                 allocator);
  json.AddMember("http_status",
                 probe.http_status ? rapidjson::Value(*probe.http_status) : rapidjson::Value(),
                 allocator);
  json.AddMember("error", probe.error ? out.string(*probe.error) : rapidjson::Value(), allocator);
  return json;
}

std::string probe_text(const ProbeResult& probe) {
  if (!probe.checked) return probe.error.value_or("not checked");
  if (*probe.reachable)
    return "reachable (HTTP " + std::to_string(probe.http_status.value_or(0)) + ")";
  return "unreachable: " + probe.error.value_or("");
}

// Builds one integration's row; holds what every row reads.
class DoctorWriter {
 public:
  DoctorWriter(CommandContext& context, CommandOutput& out, http::HttpClient* client)
      : config_(context.config().user()),
        policy_(context.config().policy()),
        resolver_(config_, context.environment()),
        out_(out),
        client_(client) {}

  // The row, into `json` (an object: the payload itself for one PROVIDER); a text block to `text`.
  void row(const integrations::Manifest& manifest, rapidjson::Value& json, std::string& text) {
    auto& allocator = out_.allocator();
    const auto resolved = resolver_.resolve(manifest.name, "default", manifest.credentials);
    const std::vector<std::string> missing = missing_credentials(resolved, manifest);
    const bool enabled = resolver_.is_enabled(manifest.name, manifest.credentials);
    const bool configured = missing.empty();
    const std::vector<std::string> functions = example_functions(manifest);
    json.AddMember("provider", out_.string(manifest.name), allocator);
    json.AddMember("locally_runnable", true, allocator);
    add_capabilities(json, manifest, true, allocator);
    json.AddMember("enabled", enabled, allocator);
    json.AddMember("configured", configured, allocator);
    json.AddMember("active", enabled && configured, allocator);
    json.AddMember("missing_credentials", texts_json(missing, out_), allocator);
    json.AddMember("accounts", accounts_json(resolver_.accounts(manifest.name), allocator),
                   allocator);
    json.AddMember("permissions", policy_json(policy_, manifest.name, allocator), allocator);
    json.AddMember("permission_sources", policy_sources_json(policy_, manifest.name, allocator),
                   allocator);
    json.AddMember("function_count", static_cast<uint64_t>(functions.size()), allocator);
    const std::vector<std::string> examples(
        functions.begin(), functions.begin() + std::min<size_t>(functions.size(), 5));
    json.AddMember("example_functions", texts_json(examples, out_), allocator);
    json.AddMember("credentials", credentials_json(manifest, resolved, out_), allocator);
    const ProbeResult probe = probe_base_url(manifest, resolved, client_);
    json.AddMember("base_url", probe_json(probe, out_), allocator);
    const std::vector<std::string> next =
        next_commands(manifest.name, missing, enabled, configured, functions);
    json.AddMember("next_commands", texts_json(next, out_), allocator);
    text += manifest.name + ": " + (enabled && configured ? "active" : "not active") +
            (enabled ? "" : ", not enabled") +
            (missing.empty() ? "" : ", missing " + join_names(missing)) + "; " +
            policy_text(policy_, manifest.name) + "\n  base URL " + probe.url + ": " +
            probe_text(probe) + "\n";
    for (const std::string& command : next) text += "  next: " + command + "\n";
  }

 private:
  const config::KosmoConfig& config_;
  const config::PermissionPolicy policy_;
  const config::CredentialResolver resolver_;
  CommandOutput& out_;
  http::HttpClient* client_;
};

// The files integrations read, in the order they are consulted for a decision.
rapidjson::Value config_files_json(const config::Environment& env, CommandOutput& out,
                                   std::string& text) {
  std::vector<std::pair<const char*, std::filesystem::path>> files = {
      {"user", config::config_file(env)},
      {"project",
       config::project_config_file(config::project_root(std::filesystem::current_path()))}};
  if (auto database = config::kosmokrator_database(env))
    files.emplace_back("kosmokrator", *database);
  rapidjson::Value list(rapidjson::kArrayType);
  text += "\nConfig files:\n";
  for (const auto& file : files) {
    std::error_code ignored;
    const bool exists = std::filesystem::exists(file.second, ignored);
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("scope", rapidjson::StringRef(file.first), out.allocator());
    item.AddMember("path", out.string(file.second.string()), out.allocator());
    item.AddMember("exists", exists, out.allocator());
    list.PushBack(item, out.allocator());
    text += std::string("  ") + file.first + ": " + file.second.string() +
            (exists ? "" : " (not found)") + "\n";
  }
  return list;
}

int run_doctor(const DoctorOptions& options) {
  CommandOutput out(options.json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  const integrations::Catalog& catalog = *context.catalog();
  DoctorWriter writer(context, out, options.offline ? nullptr : &context.http());
  auto& allocator = out.allocator();
  std::string text;
  if (!options.integration.empty()) {
    std::string error;
    const integrations::Manifest* manifest = find_integration(catalog, options.integration, error);
    if (manifest == nullptr) return out.fail(error, ErrorCode::kUsage);
    writer.row(*manifest, out.payload(), text);
  } else {
    rapidjson::Value providers(rapidjson::kObjectType);
    for (const integrations::Manifest& manifest : catalog.integrations()) {
      rapidjson::Value row(rapidjson::kObjectType);
      writer.row(manifest, row, text);
      providers.AddMember(out.string(manifest.name), row, allocator);
    }
    out.payload().AddMember("providers", providers, allocator);
  }
  out.payload().AddMember("config_files", config_files_json(context.environment(), out, text),
                          allocator);
  return out.succeed(text);
}

}  // namespace

std::function<int()> define_integrations_doctor(CLI::App& app) {
  auto options = std::make_shared<DoctorOptions>();
  app.add_option("provider", options->integration, "Integration name (default: all)");
  app.add_flag("--offline", options->offline, "Send no request; skip the base URL check");
  add_json_flag(app, options->json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [options] { return run_doctor(*options); };
}

}  // namespace kosmo::cli
