#include "lib/cli/integrations_call_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lib/cli/call_arguments.h"
#include "lib/cli/call_report.h"
#include "lib/cli/catalog_lookup.h"
#include "lib/cli/command_context.h"
#include "lib/cli/command_output.h"
#include "lib/cli/envelope.h"
#include "lib/cli/run_flag_options.h"
#include "lib/cli/run_report.h"
#include "lib/common/error_codes.h"
#include "lib/http/cassette.h"
#include "lib/integrations/argument_binder.h"

namespace kosmo::cli {
namespace {

constexpr const char kFooter[] =
    R"(FUNCTION: "sinch.get_group", the slug "sinch_get_group", an alias, or a bare short name
when only one integration has it (see integrations:schema for the parameters).
Arguments: one JSON object and/or --name=value pairs (both may be mixed when no key repeats).
A value is JSON when it parses (42, true, [1,2], {"a":1}), else text; string parameters keep
the text as written (--to=15551234567 stays a string). Parameters named like this command's
own flags (account, json, force, dry-run) go in the JSON object.
Reads run; writes need --force or `permissions.write: allow` in config.yaml; --dry-run returns
a write's request ({dry_run, function, request: {method, url, query, body}}) without sending it.

Examples:
  kosmo integrations:call sinch.get_group --group_id=g1 --json
  kosmo integrations:call sinch.list_groups --page=2 --account work
  kosmo integrations:call sinch.send_sms '{"from": "+15550001", "to": ["+15550002"], "body": "Hi"}' --dry-run --json

JSON (--json): the run envelope of integrations:lua, with the call's data as the only result:
  {"success": true, "output": "", "error": null, "error_code": null, "result": [<data>],
   "execution_time_ms": 120.5, "memory_usage": 0,
   "integration_calls": [{"path": "integrations.sinch.get_group", "function": "sinch_get_group",
     "account": "default", "operation": "read", "status": "ok", "durationMs": 119.8,
     "http_status": 200, "attempts": 1}],
   "meta": {"permission_bypassed": false, "dry_run": false, "schema_version": 1}}
  Failures: "success": false, "result": [], "error" and "error_code" (usage, not_configured,
  permission_denied, integration_error, http_error, config_error), exit code as below.
)";

struct CallOptions {
  std::string function;
  std::optional<std::string> arguments;  // the JSON object
  std::optional<std::string> account;
  RunFlags flags;
};

int run_call(const CallOptions& options, const std::vector<std::string>& pairs) {
  RunReport report(options.flags);
  if (auto problem = run_flags_problem(options.flags)) return report.usage_error(*problem);
  CommandContext context(options.flags);
  if (!context.catalog()) return report.config_error(context.catalog().error().message);
  std::string error;
  const auto found = find_function(*context.catalog(), options.function, error);
  if (!found) return report.usage_error(error);
  const integrations::Function& function = *found->function;

  // The path a Lua script would use, so the call log reads the same as a script's.
  lua::CallRequest request;
  request.path = {"integrations", found->manifest->name};
  if (options.account) request.path.push_back(*options.account);
  request.path.push_back(function.name);
  request.has_named = true;
  if (auto problem = collect_call_arguments(function, options.arguments, pairs, request.named)) {
    return report.usage_error(*problem);
  }
  // Arguments typed on a command line are usage errors when they do not fit (exit 2), where a
  // script's are call errors; the runtime checks them again with the same binder.
  integrations::BoundArguments bound;
  if (auto problem =
          integrations::bind_arguments(function, request.joined_path(), request, bound)) {
    return report.usage_error(*problem);
  }

  std::unique_ptr<integrations::IntegrationRuntime> runtime;
  try {
    runtime = context.make_integration_runtime();
  } catch (const http::CassetteError& e) {
    return report.config_error(e.what());
  }
  return run_single_call(*runtime, request, context);
}

}  // namespace

std::function<int()> define_integrations_call(CLI::App& app) {
  auto options = std::make_shared<CallOptions>();
  app.add_option("function", options->function, "Function name, e.g. sinch.get_group")->required();
  app.add_option("arguments", options->arguments, "Named arguments as one JSON object");
  app.add_option("--account", options->account, "Account whose credentials to use")
      ->type_name("ACCOUNT");
  add_run_flags(app, options->flags,
                {RunFlag::kJson, RunFlag::kForce, RunFlag::kDryRun, RunFlag::kDeterministic,
                 RunFlag::kRecordReplay});
  // Function parameters arrive as --name=value options CLI11 cannot know in advance.
  app.allow_extras();
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  CLI::App* parsed = &app;
  return [options, parsed] { return run_call(*options, parsed->remaining()); };
}

}  // namespace kosmo::cli
