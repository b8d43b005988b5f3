#pragma once
// KosmoKrator's per-provider and per-server commands, which it registers for every installed
// integration and configured MCP server:
//   kosmo integrations:<provider> FUNCTION [args...]  = integrations:call PROVIDER.FUNCTION ...
//   kosmo integrations:<provider> [--json]            = integrations:docs PROVIDER (its docs)
//   kosmo mcp:<server> TOOL [args...]                 = mcp:call SERVER.TOOL ...
//   kosmo mcp:<server> [--json]                       = mcp:tools SERVER (kosmo's addition)
// cli_app.cpp routes a command name that is not in its table through here.
#include <optional>
#include <string>
#include <vector>

namespace kosmo::cli {

// The argv (without the program name) of the command `argv[1]` stands for, or nullopt when it
// names no integration and no configured MCP server.
std::optional<std::vector<std::string>> dynamic_command_argv(int argc, char** argv);

// "integrations:<name>" for every integration and "mcp:<name>" for every configured server, for
// "Did you mean" when a command name matches nothing.
std::vector<std::string> dynamic_command_names();

}  // namespace kosmo::cli
