#pragma once
// The named arguments of `kosmo integrations:call` (and `integrations:<provider>`): the JSON
// payload and the parameter flags of call_command_line.h merged into one object for the same
// binder Lua calls go through. Flags override the payload, the last one winning, as in
// KosmoKrator.
#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "lib/cli/call_command_line.h"
#include "lib/integrations/manifest.h"

namespace kosmo::cli {

// Parses `payload` into `named`, which must then be an object. Returns the usage error message.
std::optional<std::string> parse_payload_object(const std::optional<std::string>& payload,
                                                rapidjson::Document& named);

// Sets `named[key]` to `value`, replacing an earlier value of the same key.
void set_argument(rapidjson::Document& named, const std::string& key, rapidjson::Value& value);

// A flag's value is KosmoKrator's literal coercion (flag_json_literal), except for string
// parameters and lists that take one scalar: they keep the text as written (so
// --to=15551234567 stays a phone number) unless it is a quoted JSON string (or, for a list, a
// JSON array). `--group-id` also finds `group_id`; a bare `--flag` is true.
// Returns the usage error message, or nullopt with `named` holding the arguments.
std::optional<std::string> collect_call_arguments(const integrations::Function& function,
                                                  const CallCommandLine& line,
                                                  rapidjson::Document& named);

}  // namespace kosmo::cli
