#pragma once
// The named arguments of `kosmo integrations:call`: a JSON object argument and/or `--name=value`
// pairs (the options CLI11 did not know and left over), merged into one object for the same
// binder Lua calls go through.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "lib/integrations/manifest.h"

namespace kosmo::cli {

// A pair's value is taken as JSON when it parses (42, true, [1,2], {"a":1}), else as text, except
// for string parameters and lists that take one scalar: they keep the text as written (so
// --to=15551234567 stays a phone number) unless it is a quoted JSON string (or, for a list, a
// JSON array). `--group-id` also finds `group_id`. A key given twice, or both in the JSON
// object and as a pair, is an error.
// Returns the usage error message, or nullopt with `named` holding the arguments.
std::optional<std::string> collect_call_arguments(const integrations::Function& function,
                                                  const std::optional<std::string>& json_object,
                                                  const std::vector<std::string>& pairs,
                                                  rapidjson::Document& named);

}  // namespace kosmo::cli
