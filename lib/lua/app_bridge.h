#pragma once
// The `app` namespace: app.integrations.<name>[.<account>].<fn>(args) and
// app.mcp.<server>.<tool>(args). Each step of a path is a small immutable userdata; calling one
// converts the arguments to JSON, hands the path to the run's Dispatcher, logs the call, and
// returns the decoded result or raises the failure as a catchable Lua error.
#include <lua.hpp>
#include <string>
#include <vector>

#include "lib/common/error_codes.h"

namespace kosmo::lua {

// Pushes the root `app` object. Without `expose_integrations`, app.integrations is nil
// (mcp:lua).
void push_app(lua_State* L, bool expose_integrations);

// Sends the call `path` with the Lua arguments from `first_argument` on to the run's
// Dispatcher, logs it, and returns the result or raises the failure (see below). Shared by the
// `app` nodes and the `mcp.*` helpers.
int call_dispatcher(lua_State* L, std::vector<std::string> path, int first_argument);

// A failed call raises a table {message, code, status, function, retryable} whose tostring is
// the message. When the value at `index` is such a table, fills `message` and `code`.
bool read_call_error(lua_State* L, int index, std::string& message, ErrorCode& code);

}  // namespace kosmo::lua
