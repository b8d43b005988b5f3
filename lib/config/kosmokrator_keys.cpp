#include "lib/config/kosmokrator_keys.h"

#include <initializer_list>
#include <string>

namespace kosmo::config {
namespace {

constexpr std::string_view kMcpPrefix = "mcp.";

// A child of a mapping, through a const handle so that a missing key is never created.
std::optional<YAML::Node> child(const YAML::Node& parent, std::string_view key) {
  if (!parent.IsDefined() || !parent.IsMap()) return std::nullopt;
  const YAML::Node& constant = parent;
  YAML::Node found = constant[std::string(key)];
  if (!found.IsDefined() || found.IsNull()) return std::nullopt;
  return found;
}

std::optional<YAML::Node> at(const YAML::Node& root, std::initializer_list<std::string_view> keys) {
  std::optional<YAML::Node> node(root);
  for (std::string_view key : keys) {
    std::optional<YAML::Node> next = child(*node, key);
    if (!next) return std::nullopt;
    node.reset();  // assigning a YAML::Node would write through to the document
    node.emplace(*next);
  }
  return node;
}

std::optional<Permission> permission_at(const std::optional<YAML::Node>& node) {
  if (!node || !node->IsScalar()) return std::nullopt;
  return parse_permission(node->Scalar());
}

bool is_mcp_key(std::string_view policy_key) {
  return policy_key.substr(0, kMcpPrefix.size()) == kMcpPrefix;
}

}  // namespace

std::optional<bool> kosmokrator_enabled(const YAML::Node& root, std::string_view integration) {
  const std::optional<YAML::Node> node =
      at(root, {"kosmo", "integrations", integration, "enabled"});
  if (!node) return std::nullopt;
  if (!node->IsScalar()) return false;
  const std::string& text = node->Scalar();
  // PHP's `$enabled === true || $enabled === 'on'`; YAML 1.1 spellings of true count as true.
  return text == "on" || text == "true" || text == "True" || text == "TRUE";
}

std::optional<Permission> kosmokrator_permission(const YAML::Node& root,
                                                 std::string_view policy_key, Operation operation) {
  const std::string_view op = operation_name(operation);
  if (is_mcp_key(policy_key)) {
    const std::string_view server = policy_key.substr(kMcpPrefix.size());
    if (auto found =
            permission_at(at(root, {"kosmo", "mcp", "servers", server, "permissions", op}))) {
      return found;
    }
    return permission_at(at(root, {"mcp", "servers", server, "permissions", op}));
  }
  return permission_at(at(root, {"kosmo", "integrations", policy_key, "permissions", op}));
}

std::optional<Permission> kosmokrator_default_permission(const YAML::Node& root,
                                                         std::string_view policy_key) {
  const std::string_view section = is_mcp_key(policy_key) ? "mcp" : "integrations";
  return permission_at(at(root, {"kosmo", section, "permissions_default"}));
}

bool update_kosmokrator_enabled(YAML::Node& root, std::string_view integration, bool enabled) {
  std::optional<YAML::Node> settings = at(root, {"kosmo", "integrations", integration});
  if (!settings || !settings->IsMap() || !child(*settings, "enabled")) return false;
  (*settings)["enabled"] = enabled;
  return true;
}

bool update_kosmokrator_permission(YAML::Node& root, std::string_view integration,
                                   Operation operation, Permission permission) {
  std::optional<YAML::Node> permissions =
      at(root, {"kosmo", "integrations", integration, "permissions"});
  const std::string op(operation_name(operation));
  if (!permissions || !permissions->IsMap() || !child(*permissions, op)) return false;
  (*permissions)[op] = std::string(permission_name(permission));
  return true;
}

}  // namespace kosmo::config
