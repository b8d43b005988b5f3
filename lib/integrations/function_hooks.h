#pragma once
// The few functions the generic request engine cannot express, as small named hooks (spec §4):
// a manifest function names its hook ("hook": "...") and the hook decides what to send, possibly
// through other functions of the same integration.
#include <rapidjson/document.h>

#include <functional>

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
// caller then performs the generic request). Unknown hook names are reported as errors.
bool run_hook(const Function& function, const rapidjson::Value& arguments, HookContext& context,
              lua::CallOutcome& outcome);

}  // namespace kosmo::integrations
