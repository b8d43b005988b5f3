#pragma once
// What mcp:resources, mcp:resource, mcp:prompts and mcp:prompt share: each runs the mcp.* helper
// a script would call (mcp.resources(server), mcp.read_resource(server, uri), ...) through the
// MCP runtime, so trust, the read policy and --force are decided exactly as in mcp:lua, and
// writes the helper's data under one key: {"success": true, ..., "<key>": <data>}.
#include <rapidjson/document.h>

#include <functional>
#include <string>
#include <vector>

#include "lib/cli/cli_app_fwd.h"
#include "lib/common/run_flags.h"

namespace kosmo::cli {

struct McpReadRequest {
  std::string helper;                // "resources", "read_resource", "prompts", "get_prompt"
  const char* key = "";              // the JSON key of the data: "resources", "resource", ...
  std::vector<std::string> strings;  // the helper's string arguments: server [, uri or name]
  // get_prompt's arguments object; null for the other helpers.
  rapidjson::Document arguments;
  // The data as text, for output without --json.
  std::function<std::string(const rapidjson::Value&)> text;
};

int run_mcp_read(const McpReadRequest& request, const RunFlags& flags);

// value[name] when it is a string, else "".
std::string member_text(const rapidjson::Value& value, const char* name);

// --json, --force and --timeout, and the footer: how trust and policy apply, `examples`, and
// the exit codes.
void add_mcp_read_flags(CLI::App& app, RunFlags& flags, const char* examples);

}  // namespace kosmo::cli
