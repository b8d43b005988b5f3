#pragma once
// Binds the arguments of an app.* call to a function's parameters and validates them before
// any request is built (spec §5.2): named or positional, required, types, enums, bounds,
// unknown keys. All problems are reported at once, ending "No external call was made."
#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "lib/integrations/manifest.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

struct BoundArguments {
  rapidjson::Document values{rapidjson::kObjectType};  // parameter name -> value (nulls dropped)
};

// `display_path` is the Lua path without "app." (e.g. "integrations.sinch.get_group").
// Returns the error message when the arguments do not fit.
std::optional<std::string> bind_arguments(const Function& function, const std::string& display_path,
                                          const lua::CallRequest& request, BoundArguments& bound);

}  // namespace kosmo::integrations
