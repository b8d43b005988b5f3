#pragma once
// The gateway flags (lib/gateway/gateway_flags.h) on the command line, declared once for
// mcp:serve, mcp:gateway:install and mcp:gateway:export.
#include <CLI/CLI.hpp>

#include "lib/gateway/gateway_flags.h"

namespace kosmo::cli {

// Registers --profile, --integration, --integrations, --upstream, --upstreams, --write,
// --resources, --no-resources, --prompts, --no-prompts and --max-result-chars (not --force:
// mcp:serve adds it with its own help). `flags` must outlive parsing.
void add_gateway_options(CLI::App& app, gateway::GatewayFlags& flags);

}  // namespace kosmo::cli
