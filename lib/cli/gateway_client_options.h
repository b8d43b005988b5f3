#pragma once
// What `mcp:gateway:install` and `mcp:gateway:export` share: the gateway flags
// (gateway_options.h), --client, --scope, --name and --json, and the entry they make.
#include <rapidjson/document.h>

#include <CLI/CLI.hpp>
#include <string>

#include "lib/common/outcome.h"
#include "lib/gateway/client_targets.h"
#include "lib/gateway/gateway_flags.h"
#include "lib/gateway/gateway_server_entry.h"

namespace kosmo::cli {

struct GatewayClientOptions {
  gateway::GatewayFlags flags;
  std::string client = "project";
  std::string scope;  // "" = the client's default
  std::string name = "kosmo";
  bool json = false;
};

// Registers the options on `app` (--scope only `with_scope`: export writes no file);
// `options` must outlive parsing.
void add_gateway_client_options(CLI::App& app, GatewayClientOptions& options, bool with_scope);

// The entry for the running kosmo, or a usage failure (--max-result-chars below the minimum, a
// name or value that is not UTF-8 and so cannot be written into JSON or TOML).
Outcome<gateway::GatewayServerEntry> gateway_entry_for(const GatewayClientOptions& options);

// The entry as the client's file holds it, wrapped as export prints it under --json:
// {"mcpServers": {NAME: entry}}, {"servers": {...}} for VS Code, {"mcp_servers": {...}} for
// Codex (the JSON form of its TOML table).
rapidjson::Value client_config_document(const gateway::ClientTarget& target,
                                        const std::string& name,
                                        const gateway::GatewayServerEntry& entry,
                                        rapidjson::Document::AllocatorType& allocator);

// The examples and notes both commands' --help ends with.
extern const char kGatewayClientsHelp[];

}  // namespace kosmo::cli
