#pragma once
// Sinch's seed functions that the real APIs split or page differently (issue #18): the seed's
// list_messages spans two SMS endpoints, list_phone_numbers pages by number where the Numbers
// API pages by token. Registered in function_hooks.cpp's table.
#include <rapidjson/document.h>

#include "lib/integrations/function_hooks.h"

namespace kosmo::integrations {

// direction "mo" → the hidden list_inbounds (GET /inbounds), "mt" → list_batches (GET /batches),
// none → both, merged into {count, page, page_size, inbounds, batches}. A filter the chosen
// endpoint lacks (`from` on inbounds, `to` on batches) is refused, never dropped.
void sinch_list_messages(const Function& function, const rapidjson::Value& arguments,
                         HookContext& context, lua::CallOutcome& outcome);

// The hidden list_active_numbers (GET /v1/projects/{project_id}/activeNumbers); `page` other
// than 0 is refused with the page_token to use instead.
void sinch_list_phone_numbers(const Function& function, const rapidjson::Value& arguments,
                              HookContext& context, lua::CallOutcome& outcome);

}  // namespace kosmo::integrations
