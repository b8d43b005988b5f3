#pragma once
// Which configured MCP servers the gateway proxies: those the profile selects (by name or by
// identifier()), never kosmo's own `mcp:serve` (KosmoKrator's isSelfServer: an agent's config
// that lists the gateway next to other servers must not make it proxy itself, recursively).
#include <string>
#include <string_view>
#include <vector>

#include "lib/mcp/config_loader.h"
#include "lib/mcp/server_config.h"

namespace kosmo::gateway {

// A stdio entry whose command is kosmo or kosmokrator (by basename) and whose arguments hold
// mcp:serve.
bool is_self_server(const mcp::ServerConfig& server);

// The selected servers, in the loaded order; a selected name no server has is warned about once.
std::vector<const mcp::ServerConfig*> selected_servers(const mcp::LoadedServers& servers,
                                                       const std::vector<std::string>& selection);

// The selected server whose name or identifier() is `space` (a tool name's middle part).
const mcp::ServerConfig* server_for_space(const std::vector<const mcp::ServerConfig*>& servers,
                                          std::string_view space);

}  // namespace kosmo::gateway
