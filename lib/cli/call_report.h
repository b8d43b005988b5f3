#pragma once
// How integrations:call and mcp:call report their one call: like a Lua run (the envelope with
// the data as the only result and the call in integration_calls) with --json, else the data
// (strings raw, the rest pretty JSON) or the error on stderr. Every credential the run used is
// redacted.
#include "lib/cli/command_context.h"
#include "lib/common/run_flags.h"
#include "lib/http/redactor.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::cli {

// Makes the one call through `dispatcher`, ends the run's HTTP (writing the cassette when
// recording; a cassette that cannot be written fails a successful call with config_error) and
// reports the call as above; returns the exit code.
int run_single_call(lua::Dispatcher& dispatcher, const lua::CallRequest& request,
                    CommandContext& context);

}  // namespace kosmo::cli
