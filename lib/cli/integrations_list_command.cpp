#include "lib/cli/integrations_list_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/integration_record.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] = R"(Examples:
  kosmo integrations:list
  kosmo integrations:list --json | jq -r '.providers[] | select(.status == "configured") | .name'
  kosmo integrations:list --json | jq -r '.providers.sinch.functions[].name'

JSON (--json): KosmoKrator's shape, a "providers" object keyed by integration name:
  {"success": true, "error": null, "error_code": null,
   "providers": {"sinch": {"active": true, "configured": true, "auth_strategy": "bearer_token",
     "cli_setup_supported": true, "cli_runtime_supported": true,
     "compatibility_summary": "CLI setup and runtime supported.",
     "functions": [{"provider": "sinch", "function": "get_group", "name": "sinch.get_group",
                    "slug": "sinch_get_group", "operation": "read", "input_schema": {...}, ...}],
     "name": "sinch", "label": "Sinch", "status": "configured", "accounts": ["default"],
     "function_count": 7, "undocumented_endpoints": [],
     "permissions": {"read": "allow", "write": "ask"},
     "permission_sources": {"read": "default", "write": "user"}}}}
  active: calls can be made (enabled, credentials complete); configured: the required
  credentials are present. status is "configured", "not configured" or "disabled" (for the
  default account). undocumented_endpoints names the functions that call an endpoint the vendor
  does not document (kept for existing workflows; integrations:schema gives the reason).
  permissions are the effective policy: config.yaml, narrowed by the project's
  .kosmo/config.yaml; permission_sources says which decided ("default", "user", "project").
  On failure: {"success": false, "error": "...", "error_code": "config_error"}.
)";

// "13" or "13 (7 undocumented*)"; the footnote under the table says what the star means.
std::string function_count_text(size_t functions, size_t undocumented) {
  const std::string count = std::to_string(functions);
  return undocumented == 0 ? count
                           : count + " (" + std::to_string(undocumented) + " undocumented*)";
}

constexpr const char kUndocumentedFootnote[] =
    "* calls an endpoint the vendor does not document; integrations:schema <name> says why.\n";

// kosmo's own facts about one integration, added after KosmoKrator's keys.
void add_kosmo_fields(const integrations::Manifest& manifest, const std::string& status,
                      const std::vector<std::string>& accounts,
                      const config::PermissionPolicy& policy, rapidjson::Value& item,
                      CommandOutput& out) {
  auto& allocator = out.allocator();
  item.AddMember("name", out.string(manifest.name), allocator);
  item.AddMember("label", out.string(manifest.label), allocator);
  item.AddMember("status", out.string(status), allocator);
  rapidjson::Value names(rapidjson::kArrayType);
  for (const std::string& account : accounts) names.PushBack(out.string(account), allocator);
  item.AddMember("accounts", names, allocator);
  item.AddMember("function_count", static_cast<uint64_t>(manifest.visible_function_count()),
                 allocator);
  rapidjson::Value undocumented(rapidjson::kArrayType);
  for (const std::string& name : manifest.undocumented_function_names()) {
    undocumented.PushBack(out.string(name), allocator);
  }
  item.AddMember("undocumented_endpoints", undocumented, allocator);
  item.AddMember("permissions", policy_json(policy, manifest.name, allocator), allocator);
  item.AddMember("permission_sources", policy_sources_json(policy, manifest.name, allocator),
                 allocator);
}

int run_list(bool json) {
  CommandOutput out(json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  const IntegrationRecords records(context.config());
  const config::PermissionPolicy policy = context.config().policy();
  auto& allocator = out.allocator();
  rapidjson::Value providers(rapidjson::kObjectType);
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "LABEL", "STATUS", "ACCOUNTS", "FUNCTIONS", "POLICY"}};
  bool any_undocumented = false;
  for (const integrations::Manifest& manifest : context.catalog()->integrations()) {
    const ProviderFacts facts = records.facts(manifest);
    const std::string status = context.status_of(manifest);
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("active", facts.active, allocator);
    item.AddMember("configured", facts.configured, allocator);
    records.add_capabilities(facts, item, allocator);
    item.AddMember("functions", records.functions_json(manifest, allocator), allocator);
    add_kosmo_fields(manifest, status, facts.accounts, policy, item, out);
    providers.AddMember(out.string(manifest.name), item, allocator);
    const size_t undocumented = manifest.undocumented_function_names().size();
    any_undocumented = any_undocumented || undocumented != 0;
    rows.push_back({manifest.name, manifest.label, status, join_names(facts.accounts, ","),
                    function_count_text(manifest.visible_function_count(), undocumented),
                    policy_text(policy, manifest.name)});
  }
  out.payload().AddMember("providers", providers, allocator);
  return out.succeed(format_columns(rows) + (any_undocumented ? kUndocumentedFootnote : ""));
}

}  // namespace

std::function<int()> define_integrations_list(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  add_json_flag(app, *json);
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  return [json] { return run_list(*json); };
}

}  // namespace kosmo::cli
