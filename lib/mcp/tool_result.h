#pragma once
// What a script gets back from a tools/call result (spec §9):
//   isError: true          → an error whose text is the result's text blocks
//   structuredContent      → that value
//   one text block         → its JSON value when the text parses as JSON, else the string
//   other content          → the content list
//   no content list at all → the whole result object
// Parsing text as JSON follows the reference (so `"42"` becomes 42): servers that predate
// structuredContent return their JSON that way, and scripts written for the reference rely on it.
#include <rapidjson/document.h>

#include <string>

namespace kosmo::mcp {

struct ToolResult {
  bool is_error = false;
  std::string error_text;  // when is_error
  // The value; when is_error, the result object itself (content, structuredContent), which
  // scripts read as app.last_error().body.
  rapidjson::Document value;
};

// Consumes `result` (its parts are moved, not copied: results can be megabytes).
ToolResult normalize_tool_result(rapidjson::Document&& result);

}  // namespace kosmo::mcp
