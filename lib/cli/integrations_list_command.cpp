#include "lib/cli/integrations_list_command.h"

#include <memory>
#include <string>
#include <vector>

#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/integration_facts.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/config/credentials.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] = R"(Examples:
  kosmo integrations:list
  kosmo integrations:list --json | jq -r '.integrations[] | select(.status == "configured") | .name'

JSON (--json):
  {"success": true, "error": null, "error_code": null,
   "integrations": [{"name": "sinch", "label": "Sinch", "status": "configured",
                     "accounts": ["default"], "functions": 7, "undocumented_endpoints": [],
                     "permissions": {"read": "allow", "write": "ask"},
                     "permission_sources": {"read": "default", "write": "user"}}]}
  status is "configured", "not configured" or "disabled" (for the default account).
  undocumented_endpoints names the functions that call an endpoint the vendor does not
  document (kept for existing workflows; integrations:schema gives the reason).
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

int run_list(bool json) {
  CommandOutput out(json);
  CommandContext context;
  if (auto failure = context.unusable(true)) return out.fail(*failure);
  const config::CredentialResolver resolver(context.config().user(), context.environment());
  const config::PermissionPolicy policy = context.config().policy();
  auto& allocator = out.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::vector<std::vector<std::string>> rows = {
      {"NAME", "LABEL", "STATUS", "ACCOUNTS", "FUNCTIONS", "POLICY"}};
  bool any_undocumented = false;
  for (const integrations::Manifest& manifest : context.catalog()->integrations()) {
    const std::vector<std::string> accounts = resolver.accounts(manifest.name);
    const std::string status = context.status_of(manifest);
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("name", out.string(manifest.name), allocator);
    item.AddMember("label", out.string(manifest.label), allocator);
    item.AddMember("status", out.string(status), allocator);
    rapidjson::Value names(rapidjson::kArrayType);
    for (const std::string& account : accounts) names.PushBack(out.string(account), allocator);
    item.AddMember("accounts", names, allocator);
    const size_t functions = manifest.visible_function_count();
    const std::vector<std::string> undocumented = manifest.undocumented_function_names();
    any_undocumented = any_undocumented || !undocumented.empty();
    item.AddMember("functions", static_cast<uint64_t>(functions), allocator);
    rapidjson::Value undocumented_names(rapidjson::kArrayType);
    for (const std::string& name : undocumented) {
      undocumented_names.PushBack(out.string(name), allocator);
    }
    item.AddMember("undocumented_endpoints", undocumented_names, allocator);
    item.AddMember("permissions", policy_json(policy, manifest.name, allocator), allocator);
    item.AddMember("permission_sources", policy_sources_json(policy, manifest.name, allocator),
                   allocator);
    list.PushBack(item, allocator);
    rows.push_back({manifest.name, manifest.label, status, join_names(accounts, ","),
                    function_count_text(functions, undocumented.size()),
                    policy_text(policy, manifest.name)});
  }
  out.payload().AddMember("integrations", list, allocator);
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
