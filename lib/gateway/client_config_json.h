#pragma once
// The gateway's entry in the JSON configuration files of Claude Code, Cursor, VS Code and
// Gemini CLI (client_targets.h): {"type": "stdio", "command": ..., "args": [...]} under the
// file's server map ("mcpServers", or VS Code's "servers").
#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "lib/common/outcome.h"
#include "lib/gateway/gateway_server_entry.h"

namespace kosmo::gateway {

// The entry as KosmoKrator writes it: "type" (when `typed`), "command", "args", in that order.
rapidjson::Value json_server_entry(const GatewayServerEntry& entry, bool typed,
                                   rapidjson::Document::AllocatorType& allocator);

// `text` (a JSON file's contents; empty or blank: a new file) with `entry` as server `name`
// under `map_key`: an entry of that name is replaced where it stands, a new one goes last, and
// every other key and entry keeps its value and place. Written as pretty JSON (2-space indent)
// with a trailing newline. A config failure when `text` is not strict JSON (comments included:
// they could not be kept), its top level is not an object, or `map_key` holds something else
// than an object.
Outcome<std::string> with_json_server_entry(std::string_view text, std::string_view map_key,
                                            std::string_view name, const rapidjson::Value& entry,
                                            const std::string& file_name);

}  // namespace kosmo::gateway
