#pragma once
// What the mcp:* companion commands share: the configured servers (config warnings go to
// stderr, never to stdout), the words used for trust, and how an entry is launched.
#include <rapidjson/document.h>

#include <string>
#include <string_view>

#include "lib/mcp/config_loader.h"
#include "lib/mcp/trust.h"

namespace kosmo::cli {

// The servers of every config file for the current directory (spec §9), warnings logged.
mcp::LoadedServers load_configured_servers();

// KosmoKrator's "sources" of mcp:list: each config file that defines servers, in precedence
// order, as {source, path, schema, servers: [names as written]}.
rapidjson::Value config_sources_json(rapidjson::Document::AllocatorType& allocator);

// "not required", "trusted", "untrusted", "changed".
const char* trust_text(mcp::Trust trust);

// The command line (arguments shell-quoted where needed) of a stdio entry, else its url.
std::string launch_text(const mcp::ServerConfig& server);

}  // namespace kosmo::cli
