#pragma once
// Binds the arguments of an app.* call to a function's parameters and validates them before
// any request is built (spec §5.2): named or positional, required, types, enums, bounds,
// unknown keys (passed through into a JSON body, refused elsewhere). All problems are reported at
// once, ending "No external call was made."
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "lib/common/small_json_pool.h"
#include "lib/integrations/manifest.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

struct BoundArguments {
 private:
  SmallJsonPool pool_;  // values's

 public:
  rapidjson::Document values{rapidjson::kObjectType, pool_.get()};  // name -> value (no nulls)
  // Arguments the function does not declare, kept in `values` and sent at the top of the JSON
  // body (Function::takes_json_body); the caller warns about each.
  std::vector<std::string> passthrough;
};

// `display_path` is the Lua path without "app." (e.g. "integrations.sinch.get_group").
// Returns the error message when the arguments do not fit.
std::optional<std::string> bind_arguments(const Function& function, const std::string& display_path,
                                          const lua::CallRequest& request, BoundArguments& bound);

}  // namespace kosmo::integrations
