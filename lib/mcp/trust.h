#pragma once
// Trust of project MCP servers (spec §9): an entry from a project file (.mcp.json,
// .vscode/mcp.json, .cursor/mcp.json) may only be started once the user has stored its
// fingerprint with `kosmo mcp:trust NAME`, and again after any change to what it runs. Trust is
// read from the user's config.yaml only; a repository cannot vouch for itself. --force bypasses
// this only with KosmoKrator's opt-in (config::force_bypass, OpenOptions::trust_bypassed).
#include <string>

#include "lib/config/kosmo_config.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/server_config.h"

namespace kosmo::mcp {

enum class Trust {
  kNotRequired,  // a user file's entry: the user wrote it
  kTrusted,      // a project entry whose fingerprint matches the stored one
  kUntrusted,    // a project entry never trusted
  kChanged,      // a project entry trusted before, changed since
};

Trust trust_of(const ServerConfig& server, const config::KosmoConfig& user_config);

// Enabled, and trusted where it must be: what kosmo may start without being asked for it by
// name (listings of every server's tools).
bool may_start(const ServerConfig& server, const config::KosmoConfig& user_config);

// A kUntrusted failure (naming the server, its file and the command that trusts it) unless the
// server may start.
McpCheck require_trust(const ServerConfig& server, const config::KosmoConfig& user_config);

}  // namespace kosmo::mcp
