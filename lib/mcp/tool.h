#pragma once
// One tool an MCP server offers, as kosmo uses it: its names, what it does, whether it only
// reads, and its definition. The facts are read from the server's JSON here, once per listing,
// so that the runtime, the mcp.* helpers, the docs and mcp:tools cannot disagree about them.
#include <rapidjson/document.h>

#include <string>
#include <string_view>
#include <vector>

#include "lib/config/permission.h"

namespace kosmo::mcp {

struct Tool {
  std::string name;      // as the server gives it
  std::string lua_name;  // sanitize_name(name): app.mcp.<server>.<lua_name>
  std::string description;
  // readOnlyHint: true is the only way a tool declares itself a read (spec §9); anything else,
  // no annotations included, is a write.
  config::Operation operation = config::Operation::kWrite;
  rapidjson::Document definition;  // the tool object as the server sent it

  // The tool's inputSchema object, or nullptr when it has none.
  const rapidjson::Value* input_schema() const;
};

// The tools of a tools/list result (an array of tool objects), in the server's order. Entries
// without a string name cannot be called and are left out with a warning naming `server`.
std::vector<Tool> parse_tools(const rapidjson::Value& list, std::string_view server);

}  // namespace kosmo::mcp
