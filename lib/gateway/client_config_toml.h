#pragma once
// The gateway's entry in Codex's config.toml: a [mcp_servers.<name>] table with `command` and
// `args`. Codex's file holds the user's model, profiles and comments, so the edit is textual:
// only the lines of [mcp_servers.<name>] and its sub-tables ([mcp_servers.<name>.env], ...) are
// replaced; every other byte, comments and formatting included, stays as it was.
//
// There is no TOML library in kosmo; toml_document_problem() reads the file with a scanner that
// knows TOML's lexical structure (tables, dotted and quoted keys, basic, literal and multi-line
// strings, arrays and inline tables across lines, comments), enough to find the tables and to
// refuse a file that is not TOML. It does not check what only a full parser would (duplicate
// keys, number formats).
#include <optional>
#include <string>
#include <string_view>

#include "lib/common/outcome.h"
#include "lib/gateway/gateway_server_entry.h"

namespace kosmo::gateway {

// A TOML basic string holding `text` ("..." with \", \\ and control characters escaped).
std::string toml_string(std::string_view text);
// `key` bare when it is made of A-Za-z0-9_- only, else as a basic string.
std::string toml_key(std::string_view key);

// "[mcp_servers.<name>]\ncommand = \"...\"\nargs = [...]\n".
std::string toml_server_table(std::string_view name, const GatewayServerEntry& entry);

// `text` with the table of server `name` replaced by `table` (the first of its tables is
// replaced where it stands, its other tables removed), or `table` appended after a blank line
// when there is none. A config failure, naming the line, when `text` is not TOML or defines the
// server some other way (a dotted key or an inline table, which a table cannot replace).
Outcome<std::string> with_toml_server_table(std::string_view text, std::string_view name,
                                            std::string_view table, const std::string& file_name);

}  // namespace kosmo::gateway
