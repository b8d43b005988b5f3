#pragma once
// How integrations:call and mcp:call report their one call: like a Lua run (the envelope with
// the data as the only result and the call in integration_calls) with --json, else the data
// (strings raw, the rest pretty JSON) or the error on stderr. Every credential the run used is
// redacted.
#include "lib/common/run_flags.h"
#include "lib/http/redactor.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::cli {

// Returns the exit code.
int report_single_call(const RunFlags& flags, const lua::CallRequest& request,
                       const lua::CallOutcome& outcome, double ms, const http::Redactor& redactor);

}  // namespace kosmo::cli
