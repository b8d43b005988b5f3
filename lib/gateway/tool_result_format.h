#pragma once
// The CallToolResult every gateway tool returns, in one shape: integration functions, proxied
// upstream tools and lua_execute. Agents read the text block; MCP clients that understand
// structured output read structuredContent. The text is cut at the gateway's
// --max-result-chars with a notice, so one huge vendor answer cannot flood an agent's context;
// structuredContent is the full value (clients that take it asked for data, not prose).
#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kosmo::gateway {

inline constexpr size_t kDefaultMaxResultChars = 50000;
// KosmoKrator's floor: a smaller limit would cut every error message.
inline constexpr size_t kMinMaxResultChars = 1000;

// `text` cut to at most `max_chars` characters (code points, never splitting one), ending with
// the truncation notice when it was cut.
std::string truncate_for_client(std::string_view text, size_t max_chars);

// Adds the result's one text block, `text` cut at `max_chars` (truncate_for_client), as its
// "content" array.
void add_text_content(rapidjson::Document& result, std::string_view text, size_t max_chars);

// A result for `data`: one text block (a string as itself, anything else as pretty JSON) and
// structuredContent (an object as it is, anything else as {"value": data}: MCP requires an
// object there).
rapidjson::Document success_result(const rapidjson::Value& data, size_t max_chars);

// A result with isError: true: the message as text, and structuredContent
// {"error": message, "error_code": code, "http_status": status or null} so an agent can tell a
// refused write (permission_denied) from a vendor's 404 (integration_error, 404).
rapidjson::Document error_result(std::string_view message, std::string_view error_code,
                                 std::optional<int> http_status, size_t max_chars);

}  // namespace kosmo::gateway
