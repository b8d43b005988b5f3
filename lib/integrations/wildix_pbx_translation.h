#pragma once
// Wildix's six seed functions (list_calls, get_call, list_extensions, get_extension, list_users,
// get_current_user) on the PBX API. The endpoints the seed was written against
// (api.wildix.com/api/v1/calls|extensions|users) do not exist; the PBX serves the same facts as
// call history, colleagues and personal info, under other parameters and inside
// {"type": "result", "result": ...}. This hook translates the seed's arguments (page/limit into
// start/count, a date range into the call history's start filter) and hands back the seed's
// shapes (result.calls[], result.extensions[], result.users[], flat records).
#include <rapidjson/document.h>

#include "lib/integrations/function_hooks.h"
#include "lib/lua/dispatcher.h"

namespace kosmo::integrations {

void wildix_pbx_translation(const Function& function, const rapidjson::Value& arguments,
                          HookContext& context, lua::CallOutcome& outcome);

}  // namespace kosmo::integrations
