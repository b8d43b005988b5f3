#pragma once
// One call made the way a run records it, wherever it comes from: a script's app.* call
// (app_bridge.h) or a call kosmo makes for the run, such as an MCP server's sampling request
// answered with the Anthropic account (cli/mcp_sampling.h). Both must show in the envelope's
// integration_calls and in live progress alike.
#include "lib/lua/dispatcher.h"

namespace kosmo::lua {

class CallLog;
class RunObserver;

// Sends `request` to `dispatcher` (null: the call fails as an unknown function). The observer
// (may be null) hears the call start and end, however it ends; the call is timed and, when its
// outcome belongs in the log, appended to `calls` (may be null) and reported to the observer.
CallOutcome dispatch_logged(Dispatcher* dispatcher, const CallRequest& request, CallLog* calls,
                            RunObserver* observer);

}  // namespace kosmo::lua
