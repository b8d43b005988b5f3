#pragma once
// --global / --project, KosmoKrator's scope flags of the configuration commands (mcp:add,
// mcp:remove, mcp:enable, mcp:disable, mcp:import, mcp:preset, mcp:trust,
// integrations:configure): which file a change goes to. kosmo's default is the user's file
// (global); --project picks the project's (.mcp.json, .kosmo/config.yaml) at the git top level.
#include <filesystem>
#include <string>

#include "lib/cli/cli_app_fwd.h"

namespace kosmo::cli {

struct ScopeFlags {
  bool global = false;
  bool project = false;
};

// Adds --global and --project (mutually exclusive) to `app`.
void add_scope_flags(CLI::App& app, ScopeFlags& scope);

// "global" or "project", as KosmoKrator's JSON spells the scope.
const char* scope_name(const ScopeFlags& scope);

// $KOSMO_HOME/mcp.json, or <project root>/.mcp.json with --project. Throws ConfigError (no home).
std::filesystem::path scope_mcp_file(const ScopeFlags& scope);

// $KOSMO_HOME/config.yaml, or <project root>/.kosmo/config.yaml with --project (which can only
// narrow permissions). Throws ConfigError (no home).
std::filesystem::path scope_config_file(const ScopeFlags& scope);

// Why server `name` cannot be edited in `file`: it is not configured at all (with suggestions),
// or it comes from another file (named, with the flag that edits it when kosmo can).
std::string not_in_scope_file(const std::string& name, const std::filesystem::path& file);

}  // namespace kosmo::cli
