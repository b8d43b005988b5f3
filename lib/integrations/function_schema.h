#pragma once
// A function's parameters as a JSON Schema object, {"type": "object", "properties": {...},
// "required": [...], "additionalProperties": false}, the form tool-calling clients expect.
// It says what the argument binder enforces: types, enums, bounds, required, no unknown keys.
#include <rapidjson/document.h>

#include "lib/integrations/manifest.h"

namespace kosmo::integrations {

rapidjson::Value function_schema(const Function& function,
                                 rapidjson::Document::AllocatorType& allocator);

}  // namespace kosmo::integrations
