#pragma once
// The arguments of `kosmo mcp:call`: one JSON object and/or `--arg key=value` pairs, merged into
// the object a tools/call sends. MCP tools describe their parameters with free-form JSON Schema,
// so unlike integrations:call nothing is bound here; the server validates.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

namespace kosmo::cli {

// A pair's value is JSON when it parses (42, true, [1,2], {"a":1}, "\"quoted\""), else text.
// A key given twice, or both in the object and as a pair, is an error.
// Returns the usage error message, or nullopt with `arguments` holding the object.
std::optional<std::string> collect_mcp_arguments(const std::optional<std::string>& json_object,
                                                 const std::vector<std::string>& pairs,
                                                 rapidjson::Document& arguments);

}  // namespace kosmo::cli
