#pragma once
// The settings KosmoKrator keeps in the same config.yaml, under its `kosmo:` section
// (src/Integration/IntegrationManager.php, src/Mcp/McpPermissionEvaluator.php):
//
//   kosmo:
//     integrations:
//       permissions_default: ask            # every integration operation without its own
//       sinch: { enabled: true, permissions: { read: allow, write: ask } }
//     mcp:
//       permissions_default: ask
//       servers: { fs: { permissions: { write: allow } } }
//
// KosmoKrator reads `kosmo.<path>` first and the bare `<path>` after it; kosmo does the same, so
// one file means the same to both: `kosmo.integrations.sinch.enabled` wins over kosmo's own
// `integrations.sinch.enabled`. Values are read as KosmoKrator reads them: `enabled` is true
// only for true or "on" (anything else set means false); a permission other than allow, ask or
// deny counts as unset. These are not validated at load: KosmoKrator does not refuse them either.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "lib/config/permission.h"

namespace kosmo::config {

std::optional<bool> kosmokrator_enabled(const YAML::Node& root, std::string_view integration);

// `policy_key` as PolicySubject::key() spells it: "sinch", or "mcp.<server>" for an MCP server
// (kosmo.mcp.servers.<server>, then mcp.servers.<server>).
std::optional<Permission> kosmokrator_permission(const YAML::Node& root,
                                                 std::string_view policy_key, Operation operation);

// kosmo.integrations.permissions_default, or kosmo.mcp.permissions_default for "mcp.<server>".
std::optional<Permission> kosmokrator_default_permission(const YAML::Node& root,
                                                         std::string_view policy_key);

// When the file already holds KosmoKrator's key for this setting, it is changed too, so that
// KosmoKrator (which reads it first) and kosmo keep agreeing after `integrations:configure`.
// Return whether they changed anything.
bool update_kosmokrator_enabled(YAML::Node& root, std::string_view integration, bool enabled);
bool update_kosmokrator_permission(YAML::Node& root, std::string_view integration,
                                   Operation operation, Permission permission);

}  // namespace kosmo::config
