#pragma once
// What the mcp:* companion commands share: the configured servers (config warnings go to
// stderr, never to stdout), the words used for trust and transports, and the "unknown server"
// message with suggestions.
#include <string>
#include <string_view>

#include "lib/common/error_codes.h"
#include "lib/mcp/config_loader.h"
#include "lib/mcp/errors.h"
#include "lib/mcp/trust.h"

namespace kosmo::cli {

// The servers of every config file for the current directory (spec §9), warnings logged.
mcp::LoadedServers load_configured_servers();

// "not required", "trusted", "untrusted", "changed".
const char* trust_text(mcp::Trust trust);

// "stdio", "http", or an unsupported type as written ("sse").
std::string transport_text(const mcp::ServerConfig& server);

// The command line (arguments shell-quoted where needed) of a stdio entry, else its url.
std::string launch_text(const mcp::ServerConfig& server);

// "Unknown MCP server 'x'. Did you mean: y?" (or the configured names, or how to add one).
std::string unknown_server_message(std::string_view name, const mcp::LoadedServers& servers);

// The envelope error_code of an MCP failure: untrusted_server, config_error or mcp_error.
ErrorCode error_code_of(const mcp::McpError& error);

}  // namespace kosmo::cli
