#pragma once
// The `app` namespace: app.integrations.<name>[.<account>].<fn>(args) and
// app.mcp.<server>.<tool>(args). Each step of a path is a small immutable userdata; calling one
// converts the arguments to JSON, hands the path to the run's Dispatcher, logs the call, and
// returns the decoded result or raises the failure as a catchable Lua error.
#include <lua.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lib/common/error_codes.h"
#include "lib/common/outcome.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::lua {

// Pushes the root `app` object. Without `expose_integrations`, app.integrations is nil
// (mcp:lua).
void push_app(lua_State* L, bool expose_integrations);

// Sends the call `path` with the Lua arguments from `first_argument` on to the run's
// Dispatcher, logs it, and returns the result or raises the failure (see below). Shared by the
// `app` nodes and the `mcp.*` helpers.
int call_dispatcher(lua_State* L, std::vector<std::string> path, int first_argument);

// Sends `request` to the run's Dispatcher and logs it, as call_dispatcher does; a failed call is
// raised (so this returns only successes). app.paginate sends each page through it.
CallOutcome call_and_log(lua_State* L, const CallRequest& request);

// The path of the app function at `index` (app.integrations.sinch.list_groups), or none when
// the value is not one.
std::optional<std::vector<std::string>> app_function_path(lua_State* L, int index);

// Raises a failure that is not a call's (a paging walk that cannot go on) the way a failed call
// is raised: a plain string, its fields in app.last_error(), its code kept for the envelope.
// `function` is the slug app.last_error() names (empty when no page was called yet).
void raise_walk_failure(lua_State* L, const Failure& failure, const std::string& function);

// A failed call raises a plain string, as KosmoKrator does; its fields {message, code, status,
// function, retryable, body} are what app.last_error() returns. When the value at `index` is the
// string the most recent failed call raised (or a re-raise of it), gives that call's code.
std::optional<ErrorCode> raised_call_error_code(lua_State* L, int index);

}  // namespace kosmo::lua
