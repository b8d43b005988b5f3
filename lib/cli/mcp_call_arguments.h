#pragma once
// The arguments of `kosmo mcp:call` (and `mcp:<server>`): the JSON payload and the parameter
// flags of call_command_line.h merged into the object a tools/call sends. MCP tools describe
// their parameters with free-form JSON Schema, so unlike integrations:call nothing is bound
// here; the server validates.
#include <rapidjson/document.h>

#include <optional>
#include <string>

#include "lib/cli/call_command_line.h"

namespace kosmo::cli {

// A flag's value is KosmoKrator's literal coercion (flag_json_literal), else its text; its key
// has '-' turned into '_' as KosmoKrator does. Flags override the payload, the last one winning.
// Returns the usage error message, or nullopt with `arguments` holding the object.
std::optional<std::string> collect_mcp_arguments(const CallCommandLine& line,
                                                 rapidjson::Document& arguments);

}  // namespace kosmo::cli
