#pragma once
// KosmoKrator's MCP secret references: an env or header value "@secret:<reference>" or
// "${KOSMO_SECRET:<reference>}" stands for the secret `kosmo mcp:secret:set` stored under
// <reference> ("mcp.github.env.GITHUB_TOKEN") in the user's config.yaml, so mcp.json (often a
// project file in git) never holds the value. Resolved when a server starts, after trust was
// checked against the unresolved entry.
#include <string>
#include <vector>

#include "lib/config/environment.h"
#include "lib/config/kosmo_config.h"
#include "lib/mcp/server_config.h"

namespace kosmo::mcp {

struct SecretResolution {
  std::vector<std::string> inserted;  // the secret values put in (for the redactor)
  std::vector<std::string> missing;   // references with no stored (or no decryptable) secret
};

// Replaces the references in `server`'s env and header values; a missing secret becomes "".
SecretResolution resolve_secret_references(ServerConfig& server, const config::KosmoConfig& user,
                                           const config::Environment& env);

}  // namespace kosmo::mcp
