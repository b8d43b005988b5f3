#pragma once
// The few functions the generic request engine cannot express, as small named hooks (spec §4):
// a manifest function names its hook ("hook": "...") and the hook decides what to send, possibly
// through other functions of the same integration.
#include <rapidjson/document.h>

#include <functional>
#include <string_view>
#include <vector>

#include "lib/integrations/catalog.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

struct HookContext {
  const Manifest& manifest;
  const Catalog& catalog;
  // Sends `function` generically with already validated `arguments`.
  std::function<void(const Function& function, const rapidjson::Value& arguments,
                     lua::CallOutcome& outcome)>
      perform;
};

// Runs the hook `function` names and returns true, or returns false when it names none (the
// caller then performs the generic request). Unknown hook names are reported as errors (only a
// Function built by hand can have one: the manifest parser refuses them).
bool run_hook(const Function& function, const rapidjson::Value& arguments, HookContext& context,
              lua::CallOutcome& outcome);

// The arguments `function` declares, out of `arguments`: what a hook forwards to another function.
rapidjson::Document arguments_for(const Function& function, const rapidjson::Value& arguments);

// The function `name` of the hook's integration (hidden ones included), or null after failing
// `outcome` with a message naming what the manifest lacks.
const Function* required_function(HookContext& context, std::string_view name,
                                  lua::CallOutcome& outcome);

// The hooks live in one table (function_hooks.cpp). The manifest parser accepts no other name,
// so a mistyped hook is a load error rather than a failure on the first call; the names come in
// registration order, for its error message.
bool is_registered_hook(std::string_view name);
std::vector<std::string_view> registered_hook_names();

}  // namespace kosmo::integrations
