#pragma once
// The `args` global: the inputs a run was given on the command line (--input, --arg,
// --arg-json), as a deep read-only table (readonly_view.h). The values come in as data, never
// as Lua source, so no quoting in them can change what the script does.
//
// `args` is an ordinary global holding a read-only table, not a protected helper: a script
// written before inputs existed that assigns its own global `args` keeps working.
#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "lib/common/error_codes.h"
#include "lib/lua/sandbox.h"

namespace kosmo::lua {

struct ScriptArgsFailure {
  ErrorCode code = ErrorCode::kMemoryLimit;
  std::string message;
};

// Sets `args` in the sandbox from `layers`, a JSON array of objects applied in order: each
// member sets args[name] (a later layer wins; a JSON null removes the name, as json.decode
// drops null members). With no layers `args` is an empty table, so `args.name or default`
// works in every run. Fails only when the values do not fit in the Lua heap.
std::optional<ScriptArgsFailure> install_script_args(Sandbox& sandbox,
                                                     const rapidjson::Value& layers);

}  // namespace kosmo::lua
