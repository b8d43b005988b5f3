#pragma once
// How integrations:call and mcp:call (and their per-provider forms) report their one call. With
// --json, KosmoKrator's IntegrationCallResult shape with kosmo's additions after its keys:
//   {"function", "success", "data", "error", "error_code",
//    "meta": {"dry_run", "operation", "permission_bypassed", "account" | "server",
//             "schema_version"},
//    "duration_ms", "integration_calls": [<the call's log entry>]}
// Else the data (strings raw, the rest pretty JSON) on stdout or "Error: ..." on stderr. Every
// credential the run used is redacted.
#include <optional>
#include <string>

#include "lib/cli/command_context.h"
#include "lib/common/error_codes.h"
#include "lib/common/run_flags.h"
#include "lib/lua/dispatcher.h"
#include "lib/lua/pager.h"

namespace kosmo::cli {

// What the report names: the function as KosmoKrator prints it and the meta key saying where
// it ran ("account": the --account given, else null; "server": the MCP server).
struct CallSubject {
  std::string function;
  const char* where_key = "account";
  std::optional<std::string> where;
};

// Makes the one call through `dispatcher`, ends the run's HTTP (writing the cassette when
// recording; a cassette that cannot be written fails a successful call with config_error) and
// reports the call as above; returns the exit code.
int run_single_call(lua::Dispatcher& dispatcher, const lua::CallRequest& request,
                    const CallSubject& subject, CommandContext& context);

// Walks every page of `pager` through `dispatcher` (integrations:call --paginate) and reports
// them as one call whose data is every item, in order, with one integration_calls entry per
// page. A failed page, or a walk that cannot go on, fails the report with that error.
int run_paged_call(lua::Dispatcher& dispatcher, lua::Pager& pager, const CallSubject& subject,
                   CommandContext& context);

// Reports a failure before any call (usage, configuration) in the same shape; returns the exit
// code.
int report_call_failure(const RunFlags& flags, const CallSubject& subject, const Failure& failure);

// A command line CLI11 could not parse, under --json: a usage error in the call's shape with no
// function; `where_key` as in CallSubject.
int report_call_parse_error(const char* where_key, const std::string& message);

}  // namespace kosmo::cli
