#pragma once
// Edits one MCP file for `mcp:add`, `mcp:remove`, `mcp:enable`, `mcp:import` and `mcp:preset`:
// the user's $KOSMO_HOME/mcp.json, or the project's .mcp.json when the user asks for it with
// --project (never implicitly: a project file belongs to the repository).
//
// Every edit is load → change → atomic replace (config/atomic_file.h, mode 0600 since entries may
// hold secrets), under the file's lock (config/file_lock.h) so two concurrent edits cannot lose
// each other's entry. Unknown top-level keys and other entries are kept; the file is written as
// pretty JSON with a trailing newline (comments in a hand-written JSONC file are lost).
#include <rapidjson/document.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "lib/common/outcome.h"

namespace kosmo::mcp {

// Every edit fails with config_error when the file cannot be read, is not a JSON object, or
// cannot be written (the message says which).

enum class AddResult { kAdded, kReplaced, kExists };

// Writes `entry` (an object in mcp.json form) as server `name` into the map the loader reads:
// `mcpServers`, or the VS Code `servers` map when the file has only that one (a new `mcpServers`
// key would hide its entries). Returns kExists, writing nothing, when the name is present and
// !replace.
Outcome<AddResult> add_server_entry(const std::filesystem::path& file, std::string_view name,
                                    const rapidjson::Value& entry, bool replace);

// Removes `name` from both maps. Returns whether it was there (nothing is written if not).
Outcome<bool> remove_server_entry(const std::filesystem::path& file, std::string_view name);

// Sets `"enabled"` of entry `name` (in either map), keeping its other keys. Returns whether the
// entry was there (nothing is written if not).
Outcome<bool> set_server_enabled(const std::filesystem::path& file, std::string_view name,
                                 bool enabled);

// Whether `file` has an entry `name` under either map (false when the file is missing).
bool has_server_entry(const std::filesystem::path& file, std::string_view name);

}  // namespace kosmo::mcp
