#include "lib/cli/integrations_call_command.h"

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "lib/cli/call_arguments.h"
#include "lib/cli/call_command_line.h"
#include "lib/cli/call_report.h"
#include "lib/cli/catalog_lookup.h"
#include "lib/cli/command_context.h"
#include "lib/cli/run_flag_options.h"
#include "lib/common/error_codes.h"
#include "lib/http/cassette.h"
#include "lib/integrations/argument_binder.h"

namespace kosmo::cli {
namespace {

constexpr const char kNoFunction[] =
    "Name the function to call, e.g. kosmo integrations:call sinch.get_group --group_id=g1.";

constexpr const char kFooter[] =
    R"(Usage: kosmo integrations:call FUNCTION [PAYLOAD] [--name=value | --name value | --arg name=value]...
FUNCTION: "sinch.get_group", the slug "sinch_get_group", an alias, or a bare short name
when only one integration has it (see integrations:schema for the parameters). The same call
as `kosmo integrations:sinch get_group ...`; `kosmo integrations:sinch` alone shows its docs.
Arguments (KosmoKrator's forms): one JSON payload, a JSON object, `-` (stdin) or @file.json
(piped stdin is the payload when none is given); parameters as --name=value, --name value,
--arg name=value (repeatable) or a bare --name (true). Flags override the payload's keys, the
last one winning; --group-id finds group_id. A value is true/false/null, a number or JSON
when it reads as one, else text; string parameters keep the text as written (--to=15551234567
stays a string). Parameters named like this command's own flags (account, json, force,
dry-run, deterministic, record, replay) go in the JSON payload.
Reads run; writes need --force or `permissions.write: allow` in config.yaml. --dry-run sends
nothing, reads included: data is the request that would be sent
({dry_run, function, request: {method, url, query, body}}).
--paginate (list functions; `integrations:docs sinch.list_groups` says how one pages) calls page
after page, as `gh api --paginate` does, and data is every item of every page as one JSON array;
integration_calls has one entry per page. It stops at the last page, at --max-pages pages or
--max-items items, and with an error when the vendor returns the same page position twice.

Examples:
  kosmo integrations:call sinch.get_group --group_id g1 --json
  kosmo integrations:sinch get_group --group_id=g1 --json
  kosmo integrations:call sinch.list_groups --arg page=2 --account work
  kosmo integrations:call sinch.list_batches --page_size 100 --paginate --max-pages 20
  echo '{"from": "+15550001", "to": ["+15550002"], "body": "Hi"}' |
    kosmo integrations:call sinch.send_sms - --dry-run --json

JSON (--json): KosmoKrator's call result, with kosmo's error_code and call log:
  {"function": "sinch.get_group", "success": true, "data": <data>, "error": null,
   "error_code": null,
   "meta": {"dry_run": false, "operation": "read", "permission_bypassed": false,
            "account": null, "schema_version": 1},
   "duration_ms": 120.5,
   "integration_calls": [{"path": "integrations.sinch.get_group", "function":
     "sinch_get_group", "account": "default", "operation": "read", "status": "ok",
     "durationMs": 119.8, "http_status": 200, "attempts": 1}]}
  Failures: "success": false, "data": null, "error" and "error_code" (usage, not_configured,
  permission_denied, integration_error, http_error, config_error), exit code as below.
)";

struct CallOptions {
  std::string function;
  std::optional<std::string> account;
  RunFlags flags;
  bool paginate = false;
  std::optional<double> max_pages;
  std::optional<double> max_items;
  std::vector<std::string> extras;  // the payload and --name value tokens
};

// --max-pages and --max-items: caps of --paginate, checked as app.paginate checks its options.
std::optional<std::string> paging_problem(const CallOptions& options, lua::PageLimits& limits) {
  if (!options.paginate && (options.max_pages || options.max_items)) {
    return "--max-pages and --max-items go with --paginate.";
  }
  for (auto [flag, given, cap] :
       {std::make_tuple("--max-pages", options.max_pages, &limits.max_pages),
        std::make_tuple("--max-items", options.max_items, &limits.max_items)}) {
    if (!given) continue;
    if (auto problem = lua::page_limit_problem(flag, *given)) return *problem + ".";
    *cap = static_cast<int64_t>(*given);
  }
  return std::nullopt;
}

int run_call(const CallOptions& options, const std::vector<std::string>& tokens) {
  RunFlags flags = options.flags;
  flags.dry_run_reads = true;
  CallSubject subject{options.function, "account", options.account};
  auto usage = [&flags, &subject](const std::string& message) {
    return report_call_failure(flags, subject, {ErrorCode::kUsage, message});
  };
  if (options.function.empty()) return usage(kNoFunction);
  if (auto problem = run_flags_problem(flags)) return usage(*problem);
  lua::PageLimits limits;
  if (auto problem = paging_problem(options, limits)) return usage(*problem);
  CommandContext context(flags);
  if (!context.catalog()) {
    return report_call_failure(flags, subject,
                               {ErrorCode::kConfig, context.catalog().error().message});
  }
  std::string error;
  const auto found = find_function(*context.catalog(), options.function, error);
  if (!found) return usage(error);
  const integrations::Function& function = *found->function;
  subject.function = found->manifest->name + "." + function.name;

  // The path a Lua script would use, so the call log reads the same as a script's.
  lua::CallRequest request;
  request.path = {"integrations", found->manifest->name};
  if (options.account) request.path.push_back(*options.account);
  request.path.push_back(function.name);
  request.has_named = true;
  CallCommandLine line;
  if (auto problem = parse_call_command_line(tokens, Deadline::after(flags.run_timeout()), line)) {
    return usage(*problem);
  }
  if (auto problem = collect_call_arguments(function, line, request.named)) return usage(*problem);
  // Arguments typed on a command line are usage errors when they do not fit (exit 2), where a
  // script's are call errors; the runtime checks them again with the same binder.
  integrations::BoundArguments bound;
  if (auto problem =
          integrations::bind_arguments(function, request.joined_path(), request, bound)) {
    return usage(*problem);
  }

  std::unique_ptr<integrations::IntegrationRuntime> runtime;
  try {
    runtime = context.make_integration_runtime();
  } catch (const http::CassetteError& e) {
    return report_call_failure(flags, subject, {ErrorCode::kConfig, e.what()});
  }
  if (!options.paginate) return run_single_call(*runtime, request, subject, context);
  Outcome<std::unique_ptr<lua::PageWalker>> walker = runtime->page_walker(request);
  if (!walker) return usage(walker.error().message);
  lua::Pager pager(std::move(request), std::move(*walker), limits);
  return run_paged_call(*runtime, pager, subject, context);
}

}  // namespace

std::function<int()> define_integrations_call(CLI::App& app) {
  auto options = std::make_shared<CallOptions>();
  // Optional for CLI11 so that a missing one is reported in the call's JSON shape.
  app.add_option("function", options->function, "Function name, e.g. sinch.get_group");
  app.add_option("--account", options->account, "Account whose credentials to use")
      ->type_name("ACCOUNT");
  add_run_flags(app, options->flags,
                {RunFlag::kJson, RunFlag::kForce, RunFlag::kDryRun, RunFlag::kDeterministic,
                 RunFlag::kRecordReplay});
  app.get_option("--dry-run")
      ->description("Send nothing, reads included: return the request the call would send");
  app.add_flag("--paginate", options->paginate,
               "Call every page of a list function; data is all their items, as one JSON array");
  app.add_option("--max-pages", options->max_pages, "With --paginate: request at most N pages")
      ->type_name("N");
  app.add_option("--max-items", options->max_items, "With --paginate: return at most N items")
      ->type_name("N");
  // The payload and the function's parameters (call_command_line.h) arrive as tokens CLI11
  // cannot know in advance.
  app.allow_extras();
  app.footer(std::string(kFooter) + "\n" + exit_code_summary());
  // The tokens CLI11 left over, kept when parsing ends: the runner runs after the app is gone.
  app.callback([options, parsed = &app] { options->extras = parsed->remaining(); });
  return [options] { return run_call(*options, options->extras); };
}

int integrations_call_parse_error(const std::string& message) {
  return report_call_parse_error("account", message);
}

}  // namespace kosmo::cli
